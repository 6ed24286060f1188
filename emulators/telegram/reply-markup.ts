/**
 * Inline keyboards as Telegram checks them, so a keyboard that Telegram would refuse is
 * refused here too: the Bot API server's parsing (Client.cpp `get_reply_markup`,
 * `get_inline_keyboard_button`), TDLib's checks (ReplyMarkup.cpp), and Telegram's own
 * BUTTON_DATA_INVALID for callback data over 64 bytes. Texts as the server words them.
 */
import { badRequest } from './errors.js';

/** callback_data: 1-64 bytes (Bot API, InlineKeyboardButton). */
export const MAX_CALLBACK_DATA_BYTES = 64;

/** A parsed `reply_markup`; only `inline_keyboard` is examined further. */
export type ReplyMarkup = Record<string, unknown>;

/** `reply_markup` from a parameter value (typed in JSON bodies, a string elsewhere). */
export function parseReplyMarkup(value: unknown): ReplyMarkup | undefined {
  if (value === undefined || value === '') return undefined;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      throw badRequest("can't parse reply keyboard markup JSON object");
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest('object expected as reply markup');
  }
  return parsed as ReplyMarkup;
}

/**
 * The rows of an inline keyboard, each button checked; undefined when the markup has none
 * (Telegram then treats an empty `inline_keyboard` as no keyboard at all).
 */
export function checkInlineKeyboard(markup: ReplyMarkup): unknown[][] | undefined {
  const rows = markup.inline_keyboard;
  if (rows === undefined) return undefined;
  if (!Array.isArray(rows)) throw badRequest('field "inline_keyboard" must be of type Array');
  for (const row of rows) {
    if (!Array.isArray(row)) {
      throw badRequest(
        'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays',
      );
    }
    for (const button of row as unknown[]) checkButton(button);
  }
  const kept = (rows as unknown[][]).filter((row) => row.length > 0);
  return kept.length > 0 ? (rows as unknown[][]) : undefined;
}

/** Button kinds other than url and callback_data; the emulator only notes that they exist. */
const OTHER_TYPES = [
  'callback_game',
  'pay',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'web_app',
  'copy_text',
];

function checkButton(button: unknown): void {
  const fail = (reason: string) => badRequest(`can't parse inline keyboard button: ${reason}`);
  if (typeof button !== 'object' || button === null || Array.isArray(button)) {
    throw fail('InlineKeyboardButton must be an Object');
  }
  const b = button as Record<string, unknown>;
  if (b.text === undefined) throw fail('Can\'t find field "text"');
  if (typeof b.text !== 'string') throw fail('Field "text" must be of type String');
  const url = typeof b.url === 'string' ? b.url : '';
  const data = typeof b.callback_data === 'string' ? b.callback_data : '';
  if (url === '' && data === '' && !OTHER_TYPES.some((k) => k in b)) {
    throw fail('Text buttons are unallowed in the inline keyboard');
  }
  if (b.text === '') throw badRequest('inline keyboard button text must be non-empty');
  if (url === '' && Buffer.byteLength(data) > MAX_CALLBACK_DATA_BYTES) {
    throw badRequest('BUTTON_DATA_INVALID');
  }
}
