import { Telegram } from 'telegraf';
import {
  ConfigError,
  PermanentError,
  RetryableError,
  isNetworkError,
  type ApiFailure,
} from './errors';

type CallApi = Telegram['callApi'];
type CallApiOptions = NonNullable<Parameters<CallApi>[2]>;

/**
 * The raw Bot API client (no bot, no middleware): webhook and sender only make calls.
 * `apiRoot` points it at Telegram, a self-hosted Bot API server or the local emulator.
 *
 * Every call is abandoned after `callBoundMs` without an answer (shared/platform.ts:
 * botApiCallBoundMs): telegraf's own limit is 500 s, far past any function's timeout, so
 * one hung call would outlive the request, and the delivery claim, and could still
 * answer after a redelivery had sent again. An abandoned call fails as a network error
 * (AbortError), which is retryable.
 */
export function createTelegram(opts: {
  token: string;
  apiRoot: string;
  callBoundMs: number;
}): Telegram {
  const telegram = new Telegram(opts.token, { apiRoot: opts.apiRoot, webhookReply: false });
  const callApi: CallApi = telegram.callApi.bind(telegram);
  telegram.callApi = (method, payload, o: CallApiOptions = {}) => {
    const bound = AbortSignal.timeout(opts.callBoundMs);
    const given = o.signal as AbortSignal | undefined;
    const signal = given ? AbortSignal.any([given, bound]) : bound;
    return callApi(method, payload, { ...o, signal: signal as CallApiOptions['signal'] }).catch(
      (err: unknown) => {
        if (!bound.aborted) throw err;
        throw new Error(`no answer within ${opts.callBoundMs} ms: call abandoned`, { cause: err });
      },
    );
  };
  return telegram;
}

interface TelegramErrorLike {
  code?: unknown;
  description?: unknown;
  parameters?: { retry_after?: unknown };
  response?: { error_code?: unknown; description?: unknown };
}

/**
 * Maps a failed Bot API call to the project's error kinds (shared/errors.ts): network,
 * 5xx and 429 retry (429 carries `retry_after`), 400/403 are permanent (bad request,
 * user blocked the bot), 401/404 mean the token is wrong: a config error, logged loudly
 * and retried, since a redeploy with the right token will deliver it. What Telegram said
 * stays on the error as fields (`api`: method, code, description, retry_after).
 */
export function classifyTelegramError(
  err: unknown,
  method: string,
): PermanentError | RetryableError | ConfigError {
  if (
    err instanceof PermanentError ||
    err instanceof RetryableError ||
    err instanceof ConfigError
  ) {
    return err;
  }
  const e = err as TelegramErrorLike;
  const code = typeof e?.response?.error_code === 'number' ? e.response.error_code : undefined;
  const raw = e?.response?.description ?? (err instanceof Error ? err.message : undefined);
  const description = typeof raw === 'string' ? raw : 'unknown error';
  const msg = `Telegram ${method} failed: ${code ?? 'network'} ${description}`;
  const api: ApiFailure = { method, code, description };
  if (code === undefined) {
    return isNetworkError(err) || err instanceof Error
      ? new RetryableError(msg, undefined, { cause: err, api })
      : new RetryableError(msg, undefined, { api });
  }
  if (code === 429) {
    const ra = Number(e.parameters?.retry_after);
    const retryAfter = Number.isFinite(ra) && ra > 0 ? ra : undefined;
    return new RetryableError(msg, retryAfter, { cause: err, api: { ...api, retryAfter } });
  }
  if (code >= 500) return new RetryableError(msg, undefined, { cause: err, api });
  if (code === 401 || code === 404) {
    return new ConfigError(`${msg} (check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT)`, { api });
  }
  return new PermanentError(msg, undefined, { cause: err, api });
}

/**
 * Runs one Bot API call; a 429 asking for a short wait is waited out in-process (cheaper
 * and faster than a platform redelivery); anything else is thrown classified.
 */
export async function callTelegram<T>(
  method: string,
  call: () => Promise<T>,
  opts: { maxInlineWaitSeconds?: number; attempts?: number } = {},
): Promise<T> {
  const maxWait = opts.maxInlineWaitSeconds ?? 3;
  const attempts = opts.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const c = classifyTelegramError(err, method);
      const wait = c instanceof RetryableError ? c.retryAfterSeconds : undefined;
      if (wait === undefined || wait > maxWait || attempt >= attempts) throw c;
      await new Promise((r) => setTimeout(r, wait * 1000));
    }
  }
}
