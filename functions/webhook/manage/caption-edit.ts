import { Composer, type Context } from 'telegraf';
import { renderMessage } from '../../../shared/messages';
import type { AddedSticker } from '../../../shared/pack-state';
import { callTelegram } from '../../../shared/telegram';
import type { FeatureDeps } from '../deps';
import { captionKeywords } from '../keywords';
import { replyWith } from '../reply';
import { isGone, isUnchanged } from './sticker-actions';

/**
 * A user edits the caption of a photo (or file, or clip) whose sticker the bot added to
 * their pack: the sticker's search keywords become the new caption's words
 * (setStickerKeywords; no words left clears them), and the bot says so in reply to the
 * photo. Only the editor's own packs change, and only stickers the bot remembers adding
 * (the newest MAX_UNDO, shared/pack-state.ts). A photo whose sticker is in no pack (not
 * made yet, or never added) gets nothing: the bot keeps no captions, and an add later
 * takes the words of the caption as Telegram shows it then. Text edits and other
 * update kinds pass on.
 */
export function captionEditFeature(deps: FeatureDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on('edited_message', async (ctx, next) => {
    const edited = ctx.editedMessage;
    if (!edited.from || 'text' in edited) return next();
    const { added, packs } = await deps.state.userPacks(edited.from.id);
    const made = added.filter(
      (a) => a.chatId === edited.chat.id && a.photoMessageId === edited.message_id,
    );
    const caption = 'caption' in edited ? edited.caption : undefined;
    const keywords = captionKeywords(caption, edited.from.language_code);
    const present = await setKeywords(deps, edited.from.id, made, keywords);
    if (!present) return;
    const title = packs.find((p) => p.name === present.set)?.title ?? present.set;
    const lang = edited.from.language_code;
    const text =
      keywords.length > 0
        ? renderMessage('keywords_set', lang, { title, keywords: keywords.join(', ') })
        : renderMessage('keywords_cleared', lang, { title });
    await replyWith(deps.telegram, edited, text);
  });
  return composer;
}

/**
 * Sets the keywords of each sticker; one that is already gone from its set (taken out in
 * the app) is forgotten. Returns the first sticker still in a set, if any.
 */
async function setKeywords(
  deps: FeatureDeps,
  userId: number,
  stickers: AddedSticker[],
  keywords: string[],
): Promise<AddedSticker | undefined> {
  let present: AddedSticker | undefined;
  for (const sticker of stickers) {
    const kept = await callTelegram('setStickerKeywords', () =>
      deps.telegram.setStickerKeywords(sticker.fileId, keywords),
    ).catch((err: unknown) => {
      if (isUnchanged(err)) return true; // the new caption has the same words
      if (!isGone(err)) throw err;
      return false;
    });
    if (kept) present ??= sticker;
    else await deps.state.forgetSticker(userId, sticker.set, sticker.uniqueId);
  }
  return present;
}
