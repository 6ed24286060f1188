/**
 * Bot API failures with Telegram's own codes and wording, so the bot's error
 * classification (400/403 permanent, 429/5xx retryable, 401 config) is
 * exercised against the texts it will meet in production.
 */
import type { ResponseParameters } from 'telegraf/types';
import type { ApiResponse } from './types.js';

/** A failed Bot API call; the HTTP status equals `errorCode`, as on api.telegram.org. */
export class BotApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
    this.name = 'BotApiError';
  }

  /** The `{ok:false,...}` body Telegram sends for this error. */
  toResponse(): ApiResponse {
    const body: ApiResponse = {
      ok: false,
      error_code: this.errorCode,
      description: this.description,
    };
    if (this.parameters) body.parameters = this.parameters;
    return body;
  }
}

/** 400 with Telegram's `Bad Request: ` prefix. */
export function badRequest(reason: string): BotApiError {
  return new BotApiError(400, `Bad Request: ${reason}`);
}

/** Wrong or missing bot token. */
export const unauthorized = (): BotApiError => new BotApiError(401, 'Unauthorized');

/** Unknown method name (Telegram answers 404 for these, not 400). */
export const methodNotFound = (): BotApiError =>
  new BotApiError(404, 'Not Found: method not found');

/** Flood control, carrying the pause the client must honour. */
export function tooManyRequests(retryAfter: number): BotApiError {
  return new BotApiError(429, `Too Many Requests: retry after ${retryAfter}`, {
    retry_after: retryAfter,
  });
}

/** Telegram's own transient failure; telegraf reports the HTTP status text for 5xx. */
export const internalServerError = (): BotApiError => new BotApiError(500, 'Internal Server Error');
