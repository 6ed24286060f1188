import type { Message } from 'telegraf/types';
import {
  PACK_BUTTON,
  deleteKeyboard,
  packButtonId,
  type PackAction,
} from '../../../shared/buttons';
import type { PackRecord } from '../../../shared/bot-state';
import { MAX_STICKER_SET_TITLE_LENGTH } from '../../../shared/limits';
import { renderMessage, type MessageKey } from '../../../shared/messages';
import { callTelegram } from '../../../shared/telegram';
import { answerPress } from '../buttons/add-to-pack';
import type { Button, ButtonContext, FeatureDeps } from '../deps';
import { replyWith } from '../reply';
import { isGone, setKeyboard } from './sticker-actions';

/** One press on a /pack button, on one of the presser's own packs. */
interface PackPress {
  deps: FeatureDeps;
  ctx: ButtonContext;
  message: Message;
  pack: PackRecord;
}

/**
 * The /pack buttons: rename, delete (then confirm or cancel), put new stickers here. The
 * pack is looked up by its id among the presser's own packs, so a press in a group by
 * someone else, or on a pack deleted since, finds nothing and is told so.
 */
export const packButton: Button = {
  data: PACK_BUTTON,
  press: async (ctx, deps) => {
    const query = ctx.callbackQuery;
    const [, action, id] = PACK_BUTTON.exec('data' in query ? query.data : '') ?? [];
    const message = query.message as Message | undefined;
    const packs = await deps.state.packs(query.from.id);
    const pack = packs.find((p) => packButtonId(p.name) === id);
    if (!pack || !message) return answerPress(deps, query, 'pack_missing', true);
    return ACTIONS[action as PackAction]({ deps, ctx, message, pack });
  },
};

const reply = (
  p: PackPress,
  key: MessageKey,
  params: Record<string, string | number>,
  extra: { reply_markup?: ReturnType<typeof deleteKeyboard> } = {},
) =>
  callTelegram('sendMessage', () =>
    p.deps.telegram.sendMessage(
      p.message.chat.id,
      renderMessage(key, p.ctx.from.language_code, params),
      {
        reply_parameters: { message_id: p.message.message_id, allow_sending_without_reply: true },
        link_preview_options: { is_disabled: true },
        ...extra,
      },
    ),
  );

const ACTIONS: Record<PackAction, (p: PackPress) => Promise<unknown>> = {
  async rename(p) {
    const pending = { kind: 'title' as const, set: p.pack.name, at: Date.now() };
    await p.deps.state.setPending(p.ctx.from.id, pending);
    await answerPress(p.deps, p.ctx.callbackQuery);
    await reply(p, 'rename_ask', { title: p.pack.title, max: MAX_STICKER_SET_TITLE_LENGTH });
  },
  async delete(p) {
    await answerPress(p.deps, p.ctx.callbackQuery);
    const params = { title: p.pack.title, count: p.pack.count };
    const keyboard = deleteKeyboard(p.ctx.from.language_code, p.pack.name);
    await reply(p, 'delete_ask', params, { reply_markup: keyboard });
  },
  async confirm(p) {
    await callTelegram('deleteStickerSet', () =>
      p.deps.telegram.deleteStickerSet(p.pack.name),
    ).catch((err: unknown) => {
      if (!isGone(err)) throw err; // deleted in the app meanwhile: forget it all the same
    });
    await p.deps.state.forgetPack(p.ctx.from.id, p.pack.name);
    await setKeyboard(p.deps, p.message, undefined);
    await answerPress(p.deps, p.ctx.callbackQuery);
    await replyWith(
      p.deps.telegram,
      p.message,
      renderMessage('delete_done', p.ctx.from.language_code, { title: p.pack.title }),
    );
  },
  async cancel(p) {
    await setKeyboard(p.deps, p.message, undefined);
    await answerPress(p.deps, p.ctx.callbackQuery, 'delete_kept');
  },
  async use(p) {
    await p.deps.state.setCurrentPack(p.ctx.from.id, p.pack.name);
    await answerPress(p.deps, p.ctx.callbackQuery);
    await reply(p, 'pack_current', { title: p.pack.title });
  },
};
