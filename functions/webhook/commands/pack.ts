import type { CommandHandler } from '../deps';
import { describePacks } from '../packs';
import { replyWith } from '../reply';

/** /pack: links to the user's sticker packs, or how to get one. */
export const packCommand: CommandHandler = async (ctx, { telegram, state }) => {
  const text = await describePacks(state, ctx.from.id, ctx.from.language_code);
  return replyWith(telegram, ctx.message, text, { noLinkPreview: true });
};
