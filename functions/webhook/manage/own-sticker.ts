import { Composer, type Context } from 'telegraf';
import { message } from 'telegraf/filters';
import type { Message, Sticker } from 'telegraf/types';
import { OWN_STICKER, ownStickerKeyboard } from '../../../shared/buttons';
import { renderMessage, type MessageKey } from '../../../shared/messages';
import { callTelegram } from '../../../shared/telegram';
import { answerPress } from '../buttons/add-to-pack';
import type { Button, ButtonContext, FeatureDeps } from '../deps';
import { packLink } from '../packs';
import { replyWith } from '../reply';
import { isUnchanged, packNamed, removeSticker, setKeyboard } from './sticker-actions';
import { setThumbnailFrom } from './thumbnail';

/**
 * A sticker of the user's own pack, sent to the bot: an answer with buttons to change
 * its emoji, move it to the front, make it the pack's icon or take it out. Any other
 * sticker goes on to the next handler (which says what the bot does).
 */
export function ownStickerFeature(deps: FeatureDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on(message('sticker'), async (ctx, next) => {
    if (!ctx.message.from) return next();
    const { packs } = await deps.state.userPacks(ctx.from.id);
    const pack = packNamed(packs, ctx.message.sticker.set_name);
    if (!pack) return next();
    const lang = ctx.from.language_code;
    await callTelegram('sendMessage', () =>
      deps.telegram.sendMessage(
        ctx.chat.id,
        renderMessage('own_sticker', lang, { title: pack.title }),
        {
          reply_parameters: {
            message_id: ctx.message.message_id,
            allow_sending_without_reply: true,
          },
          reply_markup: ownStickerKeyboard(lang),
        },
      ),
    );
  });
  return composer;
}

/** What a press on one of the answer's buttons works on. */
interface OwnPress {
  deps: FeatureDeps;
  ctx: ButtonContext;
  /** the bot's answer that carries the buttons */
  answerMessage: Message;
  sticker: Sticker;
  pack: { name: string; title: string };
}

type OwnAction = (press: OwnPress) => Promise<unknown>;

/** Resolves the press (the sticker the answer replies to, in one of the presser's packs). */
function ownButton(data: string, action: OwnAction): Button {
  return {
    data,
    press: async (ctx, deps) => {
      const query = ctx.callbackQuery;
      const answerMessage = query.message as Message | undefined;
      const replied = answerMessage && 'reply_to_message' in answerMessage;
      const original = replied ? answerMessage.reply_to_message : undefined;
      const sticker = original && 'sticker' in original ? original.sticker : undefined;
      if (!answerMessage || !sticker) return answerPress(deps, query, 'pack_gone', true);
      const pack = packNamed(await deps.state.packs(query.from.id), sticker.set_name);
      if (!pack) return answerPress(deps, query, 'own_not_yours', true);
      return action({ deps, ctx, answerMessage, sticker, pack });
    },
  };
}

const toast = (p: OwnPress, key?: MessageKey) => answerPress(p.deps, p.ctx.callbackQuery, key);

const reply = (p: OwnPress, key: MessageKey, params: Record<string, string | number> = {}) =>
  replyWith(
    p.deps.telegram,
    p.answerMessage,
    renderMessage(key, p.ctx.from.language_code, params),
    { noLinkPreview: true },
  );

/** The buttons under the answer to an own sticker. */
export const OWN_STICKER_BUTTONS: readonly Button[] = [
  ownButton(OWN_STICKER.remove, async (p) => {
    const { sticker, pack } = p;
    const target = { set: pack.name, fileId: sticker.file_id, uniqueId: sticker.file_unique_id };
    await removeSticker(p.deps, p.ctx.from.id, target, p.ctx.from.language_code);
    await toast(p, 'pack_removed_toast');
    await setKeyboard(p.deps, p.answerMessage, undefined);
    await reply(p, 'pack_removed', { title: pack.title, link: packLink(pack.name) });
  }),
  ownButton(OWN_STICKER.emoji, async (p) => {
    const { name: set } = p.pack;
    const pending = { kind: 'emoji' as const, set, fileId: p.sticker.file_id, at: Date.now() };
    await p.deps.state.setPending(p.ctx.from.id, pending);
    await toast(p);
    await reply(p, 'emoji_ask');
  }),
  ownButton(OWN_STICKER.front, async (p) => {
    const moved = await callTelegram('setStickerPositionInSet', () =>
      p.deps.telegram.setStickerPositionInSet(p.sticker.file_id, 0),
    ).catch((err: unknown) => {
      if (!isUnchanged(err)) throw err;
      return false;
    });
    await toast(p, moved ? 'front_done' : 'front_already');
  }),
  ownButton(OWN_STICKER.thumbnail, async (p) => {
    await setThumbnailFrom(p.deps, p.ctx.from.id, p.pack.name, p.sticker.file_id);
    const text = renderMessage('thumb_done', p.ctx.from.language_code, { title: p.pack.title });
    await callTelegram('answerCallbackQuery', () =>
      p.deps.telegram.answerCbQuery(p.ctx.callbackQuery.id, text),
    );
  }),
];
