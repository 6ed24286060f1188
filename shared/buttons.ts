import type { InlineKeyboardMarkup } from 'telegraf/types';
import { renderMessage } from './messages';

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
