/**
 * Readers for Bot API parameters. The same parameter arrives typed in a JSON
 * body but as a string in a query, a urlencoded or a multipart body (where
 * telegraf JSON-encodes only some object fields), so every reader accepts both.
 */
import { badRequest } from './errors.js';

/** Decoded request parameters, before interpretation. */
export type Params = Record<string, unknown>;

/** A string parameter; numbers and booleans are stringified, empty means absent. */
export function readString(params: Params, name: string): string | undefined {
  const value = params[name];
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** An integer parameter; anything that is not an integer counts as absent. */
export function readInt(params: Params, name: string): number | undefined {
  const value = params[name];
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : undefined;
}

/** A boolean parameter as Telegram reads it: true, "true" or a non-zero number. */
export function readBool(params: Params, name: string): boolean {
  const value = params[name];
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value === 'true' || /^[1-9]\d*$/.test(value);
  return false;
}

/**
 * A parameter that is a JSON object or array: taken as is from a JSON body,
 * parsed when it comes as a string. `what` names it in Telegram's error text.
 */
export function readJson(params: Params, name: string, what: string): unknown {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw badRequest(`can't parse ${what} JSON object`);
  }
}

/** A numeric chat id. Names like `@channel` are unknown here: no channels exist locally. */
export function readChatId(params: Params): number {
  const raw = readString(params, 'chat_id');
  if (raw === undefined) throw badRequest('chat_id is empty');
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id === 0) throw badRequest('chat not found');
  return id;
}

/** Parsed `reply_parameters`, merged with the legacy `reply_to_message_id` form. */
export interface ReplyRequest {
  messageId: number;
  chatId?: number;
  allowWithoutReply: boolean;
}

/** What the bot asked to reply to, from either parameter style; undefined if not a reply. */
export function readReply(params: Params): ReplyRequest | undefined {
  const legacyAllow = readBool(params, 'allow_sending_without_reply');
  const parsed = readJson(params, 'reply_parameters', 'reply parameters');
  if (parsed !== undefined) {
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw badRequest('reply parameters must be an Object');
    }
    const reply = parsed as Params;
    const messageId = readInt(reply, 'message_id');
    if (messageId === undefined) {
      throw badRequest('can\'t parse reply parameters: Field "message_id" must be a valid Number');
    }
    const chatId = readInt(reply, 'chat_id');
    return {
      messageId,
      ...(chatId !== undefined && { chatId }),
      allowWithoutReply: readBool(reply, 'allow_sending_without_reply') || legacyAllow,
    };
  }
  const messageId = readInt(params, 'reply_to_message_id');
  if (messageId === undefined || messageId === 0) return undefined;
  return { messageId, allowWithoutReply: legacyAllow };
}

/** `allowed_updates` as a list of update type names, undefined when not given. */
export function readAllowedUpdates(params: Params): string[] | undefined {
  const parsed = readJson(params, 'allowed_updates', 'allowed updates');
  if (parsed === undefined) return undefined;
  if (!Array.isArray(parsed)) throw badRequest('allowed updates must be an Array');
  return parsed.filter((x): x is string => typeof x === 'string');
}
