import { packKeyboard } from '../../../shared/buttons';
import { MAX_STICKERS_PER_SET } from '../../../shared/limits';
import { renderMessage } from '../../../shared/messages';
import { callTelegram } from '../../../shared/telegram';
import type { CommandHandler } from '../deps';
import { packLink, pickPack } from '../packs';
import { say } from '../reply';

/** Packs /pack shows (Telegram allows a user far more; beyond these, the newest). */
const MAX_LISTED = 10;

/**
 * /pack: one message per pack (the newest ten), its link and buttons to rename or delete
 * it and, with several, to choose it for new stickers; the last one says how to change a
 * single sticker. Without packs, how to get one.
 */
export const packCommand: CommandHandler = async (ctx, { telegram, state }) => {
  const lang = ctx.from.language_code;
  const { packs, current } = await state.userPacks(ctx.from.id);
  if (packs.length === 0) return say(telegram, ctx.message, 'pack_none');
  const target = pickPack(packs, current)?.name;
  const listed = packs.slice(-MAX_LISTED);
  for (const [i, pack] of listed.entries()) {
    const chosen = packs.length > 1 && pack.name === target;
    const params = {
      title: pack.title,
      count: pack.count,
      max: MAX_STICKERS_PER_SET,
      link: packLink(pack.name),
    };
    let text = renderMessage(chosen ? 'pack_item_current' : 'pack_item', lang, params);
    if (i === listed.length - 1) text += `\n\n${renderMessage('pack_edit_hint', lang)}`;
    await callTelegram('sendMessage', () =>
      telegram.sendMessage(ctx.chat.id, text, {
        reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true },
        link_preview_options: { is_disabled: true },
        reply_markup: packKeyboard(lang, pack.name, packs.length > 1 && !chosen),
      }),
    );
  }
};
