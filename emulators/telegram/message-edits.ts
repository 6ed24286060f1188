/**
 * editMessageReplyMarkup: the bot replaces (or removes) the inline keyboard under one of
 * its messages, in place, as the "Add to my pack" button does once the sticker is in the
 * pack. Checks and texts follow the Bot API server (Client.cpp: the markup is parsed
 * first, then `check_message` "message to edit not found") and TDLib
 * (MessagesManager.cpp: "Message can't be edited", ReplyMarkup.cpp: "Inline keyboard
 * expected"); an edit that changes nothing gets Telegram's MESSAGE_NOT_MODIFIED, which the
 * server spells out in full.
 */
import type { InlineKeyboardMarkup, Message } from 'telegraf/types';
import { badRequest } from './errors.js';
import { readChatId, readInt, readString } from './params.js';
import { checkInlineKeyboard, parseReplyMarkup } from './reply-markup.js';
import type { MethodHandlers } from './send-methods.js';
import type { Store } from './store.js';
import type { RecordedEdit } from './types.js';

/** Client.cpp's expansion of MESSAGE_NOT_MODIFIED. */
export const MESSAGE_NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

/** What editMessageReplyMarkup acts on. */
export interface EditDeps {
  store: Store;
  onEdited: (edit: RecordedEdit) => void;
}

export function createEditHandlers(deps: EditDeps): MethodHandlers {
  return {
    editMessageReplyMarkup: ({ params }) => {
      const markup = parseReplyMarkup(params.reply_markup);
      const rows = markup && checkInlineKeyboard(markup);
      if (markup && !rows && hasOtherKeyboard(markup)) {
        throw badRequest('inline keyboard expected');
      }
      const messageId = readInt(params, 'message_id') ?? 0;
      if (readString(params, 'chat_id') === undefined && messageId === 0) {
        // Inline messages (sent via inline mode) do not exist locally (assumed text).
        if (readString(params, 'inline_message_id') === undefined) {
          throw badRequest('message identifier is not specified');
        }
        throw badRequest('MESSAGE_ID_INVALID');
      }
      const edited = replaceKeyboard(deps.store, readChatId(params), messageId, rows);
      const keyboard = rows && { inline_keyboard: rows as InlineKeyboardMarkup['inline_keyboard'] };
      deps.onEdited({
        chatId: edited.chat.id,
        messageId,
        ...(keyboard && { replyMarkup: keyboard }),
        message: edited,
        at: Date.now(),
      });
      return Promise.resolve({ result: edited });
    },
  };
}

/** Reply keyboards, keyboard removal and force-reply: markups an edit cannot carry. */
function hasOtherKeyboard(markup: Record<string, unknown>): boolean {
  return ['keyboard', 'remove_keyboard', 'hide_keyboard', 'force_reply'].some(
    (key) => markup[key] !== undefined && markup[key] !== false,
  );
}

/** The stored message with its new keyboard (or none), saved and returned as the bot sees it. */
function replaceKeyboard(
  store: Store,
  chatId: number,
  messageId: number,
  rows: unknown[][] | undefined,
): Message {
  const state = store.chat(chatId);
  if (!state) throw badRequest('chat not found');
  const message = messageId > 0 ? state.messages.get(messageId) : undefined;
  if (!message) throw badRequest('message to edit not found');
  // Only the bot's own messages can be edited by it.
  if (!message.from?.is_bot) throw badRequest("message can't be edited");
  const { reply_markup: before, ...rest } = message as Message & { reply_markup?: unknown };
  const after = rows && { inline_keyboard: rows };
  if (JSON.stringify(before ?? null) === JSON.stringify(after ?? null)) {
    throw badRequest(MESSAGE_NOT_MODIFIED);
  }
  // Telegram sets edit_date on any edit; clients hide "edited" for keyboard-only changes.
  const edited = {
    ...rest,
    edit_date: Math.floor(Date.now() / 1000),
    ...(after && { reply_markup: after }),
  } as unknown as Message;
  store.saveMessage(state, edited);
  return edited;
}
