/**
 * The three kinds of failure every handler distinguishes (functions/README.md, "How retries
 * work").
 * The CloudEvent wrapper and the webhook map them to "acknowledge" or "redeliver", so
 * handlers throw the right kind and never decide about retries themselves.
 */
import type { MessageKey } from './messages';

/**
 * What a remote API answered when a call failed, kept as fields (as grammY's GrammyError
 * keeps `error_code`, `description`, `parameters` and `method`) so that callers match on
 * them, never on the text of an error message.
 */
export interface ApiFailure {
  /** the call that failed, e.g. 'addStickerToSet' */
  method: string;
  /** the Bot API's `error_code` (an HTTP status); undefined when no answer came */
  code?: number;
  /** the API's own words, e.g. 'Bad Request: STICKERS_TOO_MUCH' */
  description: string;
  /** seconds the API asked us to wait before trying again (Telegram 429 `retry_after`) */
  retryAfter?: number;
}

/** What every error kind below can carry besides its message. */
export interface FailureOptions {
  cause?: unknown;
  /** the remote API's answer, when the failure is one */
  api?: ApiFailure;
}

/** Bad input or a state that a retry cannot change: acknowledge, tell the user once, never retry. */
export class PermanentError extends Error {
  override readonly name: string = 'PermanentError';
  readonly userParams: Record<string, string | number>;
  readonly api?: ApiFailure;
  /**
   * @param userMessage what to tell the user, when there is a user to tell
   */
  constructor(
    message: string,
    readonly userMessage?: MessageKey,
    options?: FailureOptions & { params?: Record<string, string | number> },
  ) {
    super(message, options);
    this.userParams = options?.params ?? {};
    this.api = options?.api;
  }
}

/**
 * A bug of our own, such as a reply that fails its own schema: a retry would fail the same
 * way, so it is acknowledged like any permanent failure, but logged as an error so that it
 * is seen and fixed instead of being redelivered until it is dead-lettered.
 */
export class BugError extends PermanentError {
  override readonly name = 'BugError';
  constructor(message: string, options?: FailureOptions) {
    super(message, undefined, options);
  }
}

/** A passing fault (network, 5xx, 429, 503 from Storage): throw so the platform redelivers. */
export class RetryableError extends Error {
  override readonly name: string = 'RetryableError';
  readonly api?: ApiFailure;
  /** @param retryAfterSeconds what the remote asked us to wait, when it said (Telegram 429) */
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
    options?: FailureOptions,
  ) {
    super(message, options);
    this.api = options?.api;
  }
}

/** A missing or invalid setting: fails the cold start, naming the setting. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly api?: ApiFailure;
  constructor(message: string, options?: FailureOptions) {
    super(message, options);
    this.api = options?.api;
  }
}

/** Node/undici network failures that are worth a retry. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
]);

/** True when `err` (or its cause chain) is a transport-level failure rather than an answer. */
export function isNetworkError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    const type = (e as { type?: unknown }).type;
    if (type === 'system' || type === 'request-timeout') return true; // node-fetch FetchError
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** gRPC status codes of a refused identity: UNAUTHENTICATED, PERMISSION_DENIED. */
const GRPC_ACCESS_DENIED = new Set([16, 7]);

/**
 * True when a Google API refused the caller (HTTP 401 or 403, gRPC UNAUTHENTICATED or
 * PERMISSION_DENIED): the deployed grants are wrong, whatever the input was.
 */
export function isAccessDenied(err: unknown): boolean {
  const status = httpStatusOf(err);
  if (status === 401 || status === 403) return true;
  const e = err as { code?: unknown; metadata?: unknown };
  return typeof e?.code === 'number' && GRPC_ACCESS_DENIED.has(e.code) && e.metadata != null;
}

/**
 * Classifies an error from Google Cloud client libraries (GaxiosError / ApiError / gRPC):
 * 408, 429, 5xx and network faults retry; 401 and 403 are a configuration failure (a grant
 * is missing: redelivered, and after the last attempt dead-lettered with an apology, never
 * acknowledged silently); other 4xx are permanent; anything else is treated as retryable so
 * a bug surfaces in logs and the dead-letter path, not as silence.
 */
export function classifyCloudError(
  err: unknown,
  what: string,
): PermanentError | RetryableError | ConfigError {
  if (err instanceof PermanentError || err instanceof RetryableError) return err;
  if (err instanceof ConfigError) return err;
  const code = httpStatusOf(err);
  const msg = `${what}: ${err instanceof Error ? err.message : String(err)}`;
  if (isAccessDenied(err)) return new ConfigError(msg, { cause: err });
  if (code !== undefined && code >= 400 && code < 500 && code !== 408 && code !== 429) {
    return new PermanentError(msg, undefined, { cause: err });
  }
  return new RetryableError(msg, undefined, { cause: err });
}

/** HTTP status carried by a Google client error, if any. */
export function httpStatusOf(err: unknown): number | undefined {
  const e = err as { code?: unknown; status?: unknown; response?: { status?: unknown } };
  for (const v of [e?.code, e?.status, e?.response?.status]) {
    if (typeof v === 'number' && v >= 100 && v < 600) return v;
  }
  return undefined;
}
