import { ConfigError } from './errors';

/**
 * The platform's time limits, each named once and read by deploy (`--timeout`, the push
 * subscriptions' ack deadline), by the local stack (which enforces them as Cloud Run and
 * Pub/Sub do) and by the functions (which keep their own calls inside them). Every other
 * time bound is derived from a function's timeout here, so that a shorter timeout (the
 * fault run's test profile) shrinks all of them together.
 */

/** The deployed functions, by Functions Framework target. */
export type FunctionTarget = 'webhook' | 'matting' | 'sender' | 'deadLetter';

/**
 * Request timeout of each function, in seconds (`gcloud functions deploy --timeout`).
 * Cloud Run answers 504 to a request still running at its timeout, but the instance, and
 * any call still in flight in it, lives on: the bounds below keep our own calls inside it.
 */
export const FUNCTION_TIMEOUT_SECONDS: Readonly<Record<FunctionTarget, number>> = {
  webhook: 60,
  matting: 120,
  sender: 60,
  deadLetter: 60,
};

/** The setting that tells a running function its timeout (deploy sets it to `--timeout`). */
export const TIMEOUT_SETTING = 'FUNCTION_TIMEOUT_SECONDS';

/**
 * Ack deadline of a push subscription (or Eventarc trigger) whose push endpoint has
 * timeout `timeoutSeconds`. For push delivery the ack deadline is also the push request's
 * timeout; a push unanswered by then counts as a nack and is redelivered. Ten seconds
 * above the function's timeout, so Cloud Run's 504 (itself a nack) is what ends a slow
 * request, not the subscription giving up on it first. Pub/Sub allows 10-600 s.
 */
export function ackDeadlineSeconds(timeoutSeconds: number): number {
  return Math.min(600, Math.max(10, timeoutSeconds + 10));
}

/**
 * Time bound of one Bot API call in a function with this timeout: a quarter of it (15 s
 * of 60 s). Telegram answers in well under a second; a call that has had no answer by
 * then is abandoned (AbortSignal), so that even a 429 waited out in-process plus a hung
 * call end long before Cloud Run cuts the request (telegraf alone would wait 500 s).
 */
export function botApiCallBoundMs(timeoutSeconds: number): number {
  return Math.round((timeoutSeconds * 1000) / 4);
}

/**
 * Lease of a claim taken by a function with this timeout: the sender's delivery claim
 * (functions/sender/claim.ts; sender and dead letter share one timeout, as both claim
 * the same updates) and the webhook's "Add to my pack" claim. How long a claim protects
 * work in progress before another delivery may take it over: half as long again as the
 * timeout (90 s for 60 s), so a holder that is still alive has always finished, or given
 * up, its bounded calls before anyone else may take over.
 */
export function claimLeaseMs(timeoutSeconds: number): number {
  return Math.round(timeoutSeconds * 1500);
}

/**
 * A running function's timeout in seconds: `FUNCTION_TIMEOUT_SECONDS` as deploy or the
 * local stack set it, else the deployed value (e.g. a function started by hand).
 */
export function timeoutOf(target: FunctionTarget, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[TIMEOUT_SETTING]?.trim();
  if (!raw) return FUNCTION_TIMEOUT_SECONDS[target];
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 3600) {
    throw new ConfigError(`${TIMEOUT_SETTING} is invalid: expected whole seconds from 1 to 3600`);
  }
  return n;
}

/** `60s`, as `gcloud functions deploy --timeout` takes it. */
export function gcloudDuration(seconds: number): string {
  return `${seconds}s`;
}
