/**
 * Inline keyboard button presses: the callback queries a user's client creates
 * and the bot's `answerCallbackQuery`. Kept apart from the send methods because
 * both sides touch them: the user creates a query, the bot answers it once.
 */
import { randomBytes } from 'node:crypto';
import type { InlineKeyboardButton, Message } from 'telegraf/types';
import { badRequest } from './errors.js';
import { readBool, readString } from './params.js';
import type { MethodHandlers } from './send-methods.js';

/** What the bot answered; a client shows `text` as a toast, or as an alert with `showAlert`. */
export interface CallbackAnswer {
  text?: string;
  showAlert: boolean;
  url?: string;
}

/** One button press, as the emulator remembers it. */
export interface CallbackQueryRecord {
  id: string;
  chatId: number;
  messageId: number;
  userId: number;
  data: string;
  at: number;
  answer?: CallbackAnswer;
}

/** Telegram's text for an unknown, expired or already answered query. */
const QUERY_INVALID = 'query is too old and response timeout expired or query ID is invalid';

/** Every callback query created in this emulator, by id. */
export class CallbackQueries {
  private readonly queries = new Map<string, CallbackQueryRecord>();

  /** Registers a press; the id is a decimal string like Telegram's (64-bit, unique). */
  create(press: Omit<CallbackQueryRecord, 'id' | 'at' | 'answer'>): CallbackQueryRecord {
    let id: string;
    do id = BigInt.asUintN(63, randomBytes(8).readBigUInt64BE()).toString();
    while (this.queries.has(id));
    const record: CallbackQueryRecord = { ...press, id, at: Date.now() };
    this.queries.set(id, record);
    return record;
  }

  get(id: string): CallbackQueryRecord | undefined {
    return this.queries.get(id);
  }

  /** Records the bot's answer; a query can be answered once, as on Telegram. */
  answer(id: string, answer: CallbackAnswer): CallbackQueryRecord {
    const record = this.queries.get(id);
    if (!record || record.answer) throw badRequest(QUERY_INVALID);
    record.answer = answer;
    return record;
  }
}

/** `answerCallbackQuery`, keyed by its canonical name like the other method tables. */
export function createCallbackHandlers(queries: CallbackQueries): MethodHandlers {
  return {
    answerCallbackQuery: ({ params }) => {
      const id = readString(params, 'callback_query_id');
      if (id === undefined) throw badRequest(QUERY_INVALID);
      const text = readString(params, 'text');
      if (text !== undefined && text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
      const url = readString(params, 'url');
      // Telegram only accepts game URLs and t.me links to the bot; locally any URL is noted.
      queries.answer(id, {
        showAlert: readBool(params, 'show_alert'),
        ...(text !== undefined && { text }),
        ...(url !== undefined && { url }),
      });
      return Promise.resolve({ result: true });
    },
  };
}

/** The callback button with `data` on a message, if any: what a client could press. */
export function findCallbackButton(
  message: Message,
  data: string,
): InlineKeyboardButton.CallbackButton | undefined {
  const markup = (message as { reply_markup?: { inline_keyboard?: unknown } }).reply_markup;
  const rows = Array.isArray(markup?.inline_keyboard) ? (markup.inline_keyboard as unknown[]) : [];
  for (const row of rows) {
    if (!Array.isArray(row)) continue;
    for (const button of row as InlineKeyboardButton[]) {
      if ('callback_data' in button && button.callback_data === data) return button;
    }
  }
  return undefined;
}
