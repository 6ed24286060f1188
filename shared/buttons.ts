import { createHash } from 'node:crypto';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { renderMessage, type MessageKey } from './messages';

/**
 * callback_data of the "Add to my pack" button: the sender puts it under every sticker,
 * the webhook routes presses with it to the pack flow.
 */
export const ADD_TO_PACK = 'pack:add';

/** The keyboard under a sticker, its button text in the user's language. */
export function stickerKeyboard(languageCode: string | undefined): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [{ text: renderMessage('pack_button', languageCode), callback_data: ADD_TO_PACK }],
    ],
  };
}

/**
 * The button under a sticker once it is in the user's pack (issue 15): pressed, it turns
 * into {@link removeKeyboard}, which takes the sticker out again or keeps it.
 */
export const IN_PACK = 'pack:in';
export const REMOVE_FROM_PACK = 'pack:rm';
export const KEEP_IN_PACK = 'pack:keep';

/** "✓ In your pack" under a sticker that was added. */
export function inPackKeyboard(languageCode: string | undefined): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [{ text: renderMessage('pack_in_button', languageCode), callback_data: IN_PACK }],
    ],
  };
}

/** "Remove from my pack" / "Keep it": what a press on "✓ In your pack" offers. */
export function removeKeyboard(languageCode: string | undefined): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        {
          text: renderMessage('pack_remove_button', languageCode),
          callback_data: REMOVE_FROM_PACK,
        },
        { text: renderMessage('pack_keep_button', languageCode), callback_data: KEEP_IN_PACK },
      ],
    ],
  };
}

/**
 * Buttons on the bot's answer to a sticker of the user's own pack that they sent it: the
 * sticker is the one the answer replies to, so the data names only the action.
 */
export const OWN_STICKER = {
  remove: 'own:rm',
  emoji: 'own:emoji',
  front: 'own:front',
  thumbnail: 'own:thumb',
} as const;

/** The keyboard under the answer to an own sticker. */
export function ownStickerKeyboard(languageCode: string | undefined): InlineKeyboardMarkup {
  const button = (key: MessageKey, data: string) => ({
    text: renderMessage(key, languageCode),
    callback_data: data,
  });
  return {
    inline_keyboard: [
      [
        button('own_emoji_button', OWN_STICKER.emoji),
        button('own_front_button', OWN_STICKER.front),
      ],
      [
        button('own_thumb_button', OWN_STICKER.thumbnail),
        button('own_remove_button', OWN_STICKER.remove),
      ],
    ],
  };
}

/**
 * Buttons of /pack, one message per pack: `pk:<action>:<pack id>` where the id is a short
 * hash of the set's name ({@link packButtonId}), so the data stays far below Telegram's
 * 64 bytes whatever the names look like, and is looked up among the presser's own packs.
 */
export const PACK_ACTIONS = ['rename', 'delete', 'confirm', 'cancel', 'use'] as const;
export type PackAction = (typeof PACK_ACTIONS)[number];
export const PACK_BUTTON = /^pk:(rename|delete|confirm|cancel|use):([A-Za-z0-9_-]{1,16})$/;

/** The id of a pack in callback data: 12 characters of the name's SHA-256. */
export function packButtonId(name: string): string {
  return createHash('sha256').update(name).digest('base64url').slice(0, 12);
}

export function packButtonData(action: PackAction, name: string): string {
  return `pk:${action}:${packButtonId(name)}`;
}

/** The keyboard under one pack of /pack; "put new stickers here" only when there is a choice. */
export function packKeyboard(
  languageCode: string | undefined,
  name: string,
  offerUse: boolean,
): InlineKeyboardMarkup {
  const button = (key: MessageKey, action: PackAction) => ({
    text: renderMessage(key, languageCode),
    callback_data: packButtonData(action, name),
  });
  const row = [button('pack_rename_button', 'rename'), button('pack_delete_button', 'delete')];
  return {
    inline_keyboard: offerUse ? [row, [button('pack_use_button', 'use')]] : [row],
  };
}

/** "Yes, delete it" / "No, keep it" under the question before a pack is deleted. */
export function deleteKeyboard(
  languageCode: string | undefined,
  name: string,
): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        {
          text: renderMessage('delete_yes_button', languageCode),
          callback_data: packButtonData('confirm', name),
        },
        {
          text: renderMessage('delete_no_button', languageCode),
          callback_data: packButtonData('cancel', name),
        },
      ],
    ],
  };
}
