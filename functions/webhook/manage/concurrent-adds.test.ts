/**
 * Two "Add to my pack" presses of one user at once (in two chats, so Telegram delivers
 * them side by side): each must record the sticker it added, by its own file_id in the
 * set, or /undo and "Remove" would take out the other one. The webhook runs against the
 * Telegram emulator; the race is forced, not hoped for: the first add's look at the set
 * is held until the second add is done, or until the second press was told to wait.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { Message } from 'telegraf/types';
import { ADD_TO_PACK, stickerKeyboard } from '../../../shared/buttons';
import { createMemoryBotState, type BotState } from '../../../shared/bot-state';
import { createTelegram } from '../../../shared/telegram';
import { solidJpeg } from '../../../shared/testing';
import type { TelegramEmulator } from '../../../emulators/telegram/server';
import type { BotApi } from '../deps';
import { packName, packNameKey } from '../packs';
import { webhookOnEmulator } from './emulator-fixture';

const BOT = 'race_test_bot';

/** The race: counts adds done and presses told to wait; holds the set's reading meanwhile. */
function race() {
  let on = false;
  let adds = 0;
  let waited = false;
  const settled = async () => {
    for (let i = 0; on && adds < 2 && !waited && i < 1000; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return {
    start: () => {
      on = true;
    },
    telegram: (api: ReturnType<typeof createTelegram>): BotApi =>
      new Proxy(api, {
        get(target, prop) {
          if (prop === 'addStickerToSet') {
            return async (...args: Parameters<typeof api.addStickerToSet>) => {
              const done = await target.addStickerToSet(...args);
              if (on) adds += 1;
              return done;
            };
          }
          if (prop === 'getStickerSet') {
            return async (name: string) => {
              await settled();
              return target.getStickerSet(name);
            };
          }
          const value: unknown = Reflect.get(target, prop, target);
          return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
        },
      }),
    state: (state: BotState): BotState => ({
      ...state,
      beginPackAdd: async (...args) => {
        const begin = await state.beginPackAdd(...args);
        if (on && begin.status === 'wait') waited = true;
        return begin;
      },
    }),
  };
}

describe('two adds of one user at once', () => {
  let tg: TelegramEmulator;
  let telegram: ReturnType<typeof createTelegram>;
  let close: (() => Promise<void>) | undefined;
  const state = createMemoryBotState();
  const racing = race();

  before(async () => {
    const wrap = racing.telegram;
    ({ tg, telegram, close } = await webhookOnEmulator({
      botUsername: BOT,
      state: racing.state(state),
      wrap,
    }));
  });
  after(() => close?.());

  /** A sticker in `chatId`, in reply to the user's photo there, as the sender sends it. */
  async function stickerIn(user: { userId: number }, chatId: number, color: string) {
    const photo = await tg.sendPhoto({ ...user, chatId }, await solidJpeg(64, 64));
    await tg.idle();
    const webp = await sharp({
      create: { width: 512, height: 400, channels: 4, background: color },
    })
      .webp()
      .toBuffer();
    return telegram.sendSticker(
      chatId,
      { source: webp },
      {
        reply_parameters: JSON.stringify({ message_id: photo.message.message_id }) as never,
        reply_markup: stickerKeyboard('en'),
      },
    );
  }

  it('each press records the sticker it added, so /undo takes out the newest', async () => {
    const user = { userId: 6201, firstName: 'Ines', languageCode: 'en' };
    const group = -100_6201;
    await tg.sendText(user, '/start');
    await tg.idle();
    await tg.pressButton(user, await stickerIn(user, user.userId, '#c63'), ADD_TO_PACK);
    await tg.idle();
    const a: Message = await stickerIn(user, user.userId, '#36c');
    const b: Message = await stickerIn(user, group, '#3c6');

    racing.start();
    await tg.pressButton(user, a, ADD_TO_PACK);
    await tg.pressButton({ ...user, chatId: group }, b, ADD_TO_PACK);
    await tg.idle();

    const name = packName(user.userId, 1, BOT, packNameKey(tg.token));
    const inSet = tg.stickerSetContents(name)!.stickers;
    assert.equal(inSet.length, 3);
    const { added } = await state.userPacks(user.userId);
    assert.equal(added.length, 3, 'three adds, three records');
    for (const record of added) {
      const sticker = inSet.find((s) => s.fileUniqueId === record.uniqueId);
      assert.equal(sticker?.sourceUniqueId, record.source, 'the record names its own sticker');
      assert.equal(sticker.fileId, record.fileId);
    }
    await tg.sendText(user, '/undo');
    await tg.idle();
    const undone = tg.calls().findLast((c) => c.method === 'deleteStickerFromSet');
    assert.equal(undone?.params.sticker, added.at(-1)?.fileId);
    assert.equal(tg.stickerSetContents(name)!.stickers.length, 2);
  });
});
