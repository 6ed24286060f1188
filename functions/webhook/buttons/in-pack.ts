import type { Message } from 'telegraf/types';
import {
  IN_PACK,
  KEEP_IN_PACK,
  REMOVE_FROM_PACK,
  inPackKeyboard,
  removeKeyboard,
} from '../../../shared/buttons';
import { renderMessage } from '../../../shared/messages';
import type { Button, ButtonContext, FeatureDeps } from '../deps';
import { removeSticker, setKeyboard } from '../manage/sticker-actions';
import { packLink } from '../packs';
import { replyWith } from '../reply';
import { answerPress } from './add-to-pack';

/** The sticker message a press came from, when it still has its sticker. */
function stickerMessage(ctx: ButtonContext): (Message & Message.StickerMessage) | undefined {
  const m = ctx.callbackQuery.message;
  return m && 'sticker' in m ? m : undefined;
}

/** "✓ In your pack", pressed: offers to take the sticker out again (or keep it). */
export const inPackButton: Button = {
  data: IN_PACK,
  press: async (ctx, deps) => {
    const message = stickerMessage(ctx);
    await answerPress(deps, ctx.callbackQuery, 'pack_in_toast');
    if (message) await setKeyboard(deps, message, removeKeyboard(ctx.from.language_code));
  },
};

/** "Keep it": back to "✓ In your pack". */
export const keepInPackButton: Button = {
  data: KEEP_IN_PACK,
  press: async (ctx, deps) => {
    const message = stickerMessage(ctx);
    await answerPress(deps, ctx.callbackQuery);
    if (message) await setKeyboard(deps, message, inPackKeyboard(ctx.from.language_code));
  },
};

/**
 * "Remove from my pack": takes out the sticker this user added from this message; its
 * button turns back into "Add to my pack". Someone else's press (a group) finds nothing
 * of theirs to remove and is told so.
 */
export const removeFromPackButton: Button = {
  data: REMOVE_FROM_PACK,
  press: (ctx, deps) => removeFromPack(deps, ctx),
};

async function removeFromPack(deps: FeatureDeps, ctx: ButtonContext): Promise<void> {
  const query = ctx.callbackQuery;
  const message = stickerMessage(ctx);
  if (!message) return answerPress(deps, query, 'pack_gone', true);
  const added = await deps.state.addedFrom(query.from.id, message.sticker.file_unique_id);
  if (!added) return answerPress(deps, query, 'own_not_yours', true);
  const lang = query.from.language_code;
  await removeSticker(deps, query.from.id, added, lang);
  const pack = (await deps.state.packs(query.from.id)).find((p) => p.name === added.set);
  await answerPress(deps, query, 'pack_removed_toast');
  const text = renderMessage('pack_removed', lang, {
    title: pack?.title ?? added.set,
    link: packLink(added.set),
  });
  await replyWith(deps.telegram, message, text, { noLinkPreview: true });
}
