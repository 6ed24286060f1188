import { renderMessage } from '../../../shared/messages';
import type { CommandHandler } from '../deps';
import { removeSticker } from '../manage/sticker-actions';
import { packLink } from '../packs';
import { replyWith, say } from '../reply';

/** Stickers /undo looks past when each turns out already gone (taken out in the app). */
const MAX_GONE = 5;

/**
 * /undo: takes the sticker the bot most recently added to the user's packs out again
 * (deleteStickerFromSet) and says from which pack; sent again, the one before. One that
 * the user already took out in the app is skipped. Nothing left: says so.
 */
export const undoCommand: CommandHandler = async (ctx, deps) => {
  const userId = ctx.from.id;
  const lang = ctx.from.language_code;
  for (let i = 0; i <= MAX_GONE; i++) {
    const { added, packs } = await deps.state.userPacks(userId);
    const last = added.at(-1);
    if (!last) break;
    if ((await removeSticker(deps, userId, last, lang)).present) {
      const title = packs.find((p) => p.name === last.set)?.title ?? last.set;
      const text = renderMessage('undo_done', lang, { title, link: packLink(last.set) });
      return replyWith(deps.telegram, ctx.message, text, { noLinkPreview: true });
    }
  }
  return say(deps.telegram, ctx.message, 'undo_nothing');
};
