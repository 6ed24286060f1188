import { BugError, ConfigError, PermanentError, RetryableError } from './errors';
import type { Fields, Logger } from './log';

/**
 * What the platform must do with an event (a webhook update, a storage event, a push)
 * whose handler failed:
 * - `ack`: it is done (2xx); a retry could not change the outcome;
 * - `redeliver`: answer 5xx, so Telegram, Eventarc or Pub/Sub delivers it again later;
 * - `alarm`: a configuration failure; redelivered too (the fixed deployment will handle it)
 *   and logged as CRITICAL so that an operator is paged.
 */
export type FailureAction = 'ack' | 'redeliver' | 'alarm';

export interface FailureDecision {
  action: FailureAction;
  severity: 'warn' | 'error' | 'critical';
  /** the outcome line's message */
  message: string;
  /** what the outcome line carries besides the error */
  fields: Fields;
}

/**
 * The one mapping from a failure to what the platform must do, shared by the CloudEvent
 * wrapper (shared/cloud-event.ts) and the webhook's HTTP wrapper, so that "throw = retry,
 * return = drop" means the same in all three functions (as the Functions Framework keeps
 * one crash path).
 */
export function decideFailure(err: unknown): FailureDecision {
  if (err instanceof BugError) {
    return decision('ack', 'error', 'dropped: a bug of ours, which no retry can fix');
  }
  if (err instanceof PermanentError) return decision('ack', 'warn', 'dropped: permanent failure');
  if (err instanceof ConfigError) {
    return decision('alarm', 'critical', 'configuration error; will be redelivered');
  }
  if (err instanceof RetryableError) {
    return decision('redeliver', 'warn', 'retryable failure; will be redelivered', {
      retryAfterSeconds: err.retryAfterSeconds,
    });
  }
  return decision('redeliver', 'error', 'unexpected failure; will be redelivered');
}

/** Decides what a failure means and writes its one outcome line; returns the decision. */
export function reportFailure(log: Logger, err: unknown, fields: Fields = {}): FailureDecision {
  const decided = decideFailure(err);
  log[decided.severity](decided.message, { err, ...fields, ...decided.fields });
  return decided;
}

function decision(
  action: FailureAction,
  severity: FailureDecision['severity'],
  message: string,
  fields: Fields = {},
): FailureDecision {
  return { action, severity, message, fields };
}
