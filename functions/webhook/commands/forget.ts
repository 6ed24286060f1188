import { renderMessage } from '../../../shared/messages';
import type { CommandHandler } from '../deps';
import { packLink } from '../packs';
import { replyWith } from '../reply';

/**
 * /forget: deletes everything the bot keeps about the sender (BotState.forgetUser), then
 * says what remains, their sticker packs, which belong to them on Telegram, with the
 * links and how to delete them (@Stickers, /delpack). The list is read before it goes.
 */
export const forgetCommand: CommandHandler = async (ctx, { telegram, state }) => {
  const packs = await state.packs(ctx.from.id);
  await state.forgetUser(ctx.from.id);
  const lang = ctx.from.language_code;
  const links = packs.map((p) => `${p.title}: ${packLink(p.name)}`).join('\n');
  const text =
    packs.length === 0
      ? renderMessage('forget_done_none', lang)
      : renderMessage('forget_done', lang, { links });
  return replyWith(telegram, ctx.message, text, { noLinkPreview: true });
};
