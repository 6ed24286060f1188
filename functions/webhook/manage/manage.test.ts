/**
 * Packs people manage (issue 15), the webhook against the Telegram emulator: the real
 * telegraf client, the emulator's sticker sets with Telegram's limits, the in-memory bot
 * state. The bot's sticker messages are sent here as the bot would (a reply to the
 * user's photo, with "Add to my pack"), so no matting is needed; the local-stack test
 * (emulators/e2e/packs.test.ts) runs the same path with the whole chain.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { InlineKeyboardMarkup, Message } from 'telegraf/types';
import {
  ADD_TO_PACK,
  IN_PACK,
  KEEP_IN_PACK,
  OWN_STICKER,
  REMOVE_FROM_PACK,
  packButtonData,
  stickerKeyboard,
} from '../../../shared/buttons';
import { createMemoryBotState } from '../../../shared/bot-state';
import { renderMessage, type MessageKey } from '../../../shared/messages';
import { createTelegram } from '../../../shared/telegram';
import { solidJpeg } from '../../../shared/testing';
import type { TelegramEmulator } from '../../../emulators/telegram/server';
import { PHOTO_REACTION } from '../reaction';
import { webhookOnEmulator } from './emulator-fixture';
import { packName, packNameKey } from '../packs';

const BOT = 'manage_test_bot';

describe('packs people manage: the webhook on the Telegram emulator', () => {
  let tg: TelegramEmulator;
  let telegram: ReturnType<typeof createTelegram>;
  let close: (() => Promise<void>) | undefined;
  const state = createMemoryBotState();
  let nextUser = 5100;

  before(async () => {
    ({ tg, telegram, close } = await webhookOnEmulator({ botUsername: BOT, state }));
  });
  after(() => close?.());

  /** A new user who started the bot. */
  async function newUser(languageCode = 'en') {
    const user = { userId: ++nextUser, firstName: 'Zoe', languageCode };
    await tg.sendText(user, '/start');
    await tg.idle();
    return user;
  }

  /** What the sender does for a photo: a sticker in reply, with "Add to my pack". */
  async function stickerFor(user: { userId: number; languageCode: string }, caption?: string) {
    const photo = await tg.sendPhoto(user, await solidJpeg(64, 64), caption ? { caption } : {});
    await tg.idle();
    const webp = await sharp({
      create: { width: 512, height: 400, channels: 4, background: '#c63' },
    })
      .webp()
      .toBuffer();
    return telegram.sendSticker(
      user.userId,
      { source: webp },
      {
        // as the sender does: telegraf 4.16 drops object options in multipart but this one
        reply_parameters: JSON.stringify({ message_id: photo.message.message_id }) as never,
        reply_markup: stickerKeyboard(user.languageCode),
      },
    );
  }

  async function press(user: { userId: number }, message: Message, data: string) {
    const update = await tg.pressButton(user, message, data);
    await tg.idle();
    return update.callback_query.id;
  }

  async function send(user: { userId: number }, text: string) {
    const update = await tg.sendText(user, text);
    await tg.idle();
    return tg
      .sentMessages(user.userId)
      .filter((m) => m.replyToMessageId === update.message.message_id);
  }

  const toast = (queryId: string) =>
    tg
      .calls()
      .find((c) => c.method === 'answerCallbackQuery' && c.params.callback_query_id === queryId)
      ?.params;

  const keyboardOf = (m: Message) =>
    (tg.message(m) as { reply_markup?: InlineKeyboardMarkup } | undefined)?.reply_markup;

  const says = (lang: string, key: MessageKey, params: Record<string, string | number> = {}) =>
    renderMessage(key, lang, params);

  it('a photo the bot takes gets a 👀 reaction at once', async () => {
    const user = await newUser();
    const photo = await tg.sendPhoto(user, await solidJpeg(64, 64));
    await tg.idle();
    assert.deepEqual(tg.reactionOn(photo.message), [PHOTO_REACTION]);
  });

  it('an add carries the caption words as keywords and no sticker_format; the button shows it', async () => {
    const user = await newUser('de');
    const sticker = await stickerFor(user, 'Alles Gute, Oma! 🎂');
    await press(user, sticker, ADD_TO_PACK);
    const create = tg.calls().find((c) => c.method === 'createNewStickerSet');
    assert.ok(create && !('sticker_format' in create.params), 'Bot API 7.2 form');
    const name = packName(user.userId, 1, BOT, packNameKey(tg.token));
    assert.deepEqual(tg.stickerSetContents(name)?.stickers[0]?.keywords, ['alles', 'gute', 'oma']);
    assert.deepEqual(keyboardOf(sticker)?.inline_keyboard[0]?.[0], {
      text: says('de', 'pack_in_button'),
      callback_data: IN_PACK,
    });

    // pressed again: it offers removal; "keep" goes back; "remove" takes it out
    const offered = await press(user, sticker, IN_PACK);
    assert.equal(toast(offered)?.text, says('de', 'pack_in_toast'));
    assert.deepEqual(
      keyboardOf(sticker)?.inline_keyboard[0]?.map((b) => 'callback_data' in b && b.callback_data),
      [REMOVE_FROM_PACK, KEEP_IN_PACK],
    );
    await press(user, sticker, KEEP_IN_PACK);
    assert.equal(keyboardOf(sticker)?.inline_keyboard[0]?.[0]?.text, says('de', 'pack_in_button'));
    await press(user, sticker, IN_PACK);
    const removed = await press(user, sticker, REMOVE_FROM_PACK);
    assert.equal(toast(removed)?.text, says('de', 'pack_removed_toast'));
    assert.equal(tg.stickerSetContents(name)?.stickers.length, 0);
    assert.deepEqual(keyboardOf(sticker), stickerKeyboard('de'), 'back to "Add to my pack"');
    await press(user, sticker, ADD_TO_PACK);
    assert.equal(tg.stickerSetContents(name)?.stickers.length, 1, 'and it can be added again');
  });

  it('/undo takes out the newest, then the one before, then says there is nothing', async () => {
    const user = await newUser('fr');
    const stickers = [await stickerFor(user), await stickerFor(user)];
    for (const s of stickers) await press(user, s, ADD_TO_PACK);
    const name = packName(user.userId, 1, BOT, packNameKey(tg.token));
    const [first, second] = tg.stickerSetContents(name)!.stickers;
    const deleted = () =>
      tg
        .calls()
        .filter((c) => c.method === 'deleteStickerFromSet')
        .map((c) => c.params.sticker);

    const title = tg.stickerSet(name)!.title;
    const link = `https://t.me/addstickers/${name}`;
    assert.equal((await send(user, '/undo'))[0]?.text, says('fr', 'undo_done', { title, link }));
    assert.equal(deleted().at(-1), second?.fileId);
    assert.deepEqual(keyboardOf(stickers[1]!), stickerKeyboard('fr'));
    await send(user, '/undo');
    assert.equal(deleted().at(-1), first?.fileId);
    assert.equal(tg.stickerSetContents(name)?.stickers.length, 0);
    assert.equal((await send(user, '/undo'))[0]?.text, says('fr', 'undo_nothing'));
  });

  it('an own sticker sent back: change emoji, move to the front, make it the icon, remove', async () => {
    const user = await newUser('es');
    for (let i = 0; i < 2; i++) await press(user, await stickerFor(user), ADD_TO_PACK);
    const name = packName(user.userId, 1, BOT, packNameKey(tg.token));
    const second = tg.stickerSetContents(name)!.stickers[1]!;
    const sent = await tg.sendSticker(user, second.fileId);
    await tg.idle();
    const answer = tg.sentMessages(user.userId).at(-1)!;
    assert.equal(answer.replyToMessageId, sent.message.message_id);
    const title = tg.stickerSet(name)!.title;
    assert.equal(answer.text, says('es', 'own_sticker', { title }));

    await press(user, answer.message, OWN_STICKER.emoji);
    assert.equal((await send(user, 'hola'))[0]?.text, says('es', 'emoji_invalid'));
    assert.equal(
      (await send(user, '😀 🎉😀'))[0]?.text,
      says('es', 'emoji_done', { emoji: '😀🎉' }),
    );
    assert.deepEqual(tg.stickerSetContents(name)?.stickers[1]?.emojiList, ['😀', '🎉']);
    assert.equal((await send(user, '😀'))[0]?.text, says('es', 'unsupported_media'), 'asked once');

    const front = await press(user, answer.message, OWN_STICKER.front);
    assert.equal(toast(front)?.text, says('es', 'front_done'));
    assert.equal(tg.stickerSetContents(name)?.stickers[0]?.fileUniqueId, second.fileUniqueId);
    assert.equal(
      toast(await press(user, answer.message, OWN_STICKER.front))?.text,
      says('es', 'front_already'),
    );

    const icon = await press(user, answer.message, OWN_STICKER.thumbnail);
    assert.equal(toast(icon)?.text, says('es', 'thumb_done', { title }));
    const thumb = tg.stickerSetContents(name)?.thumbnail;
    assert.ok(thumb, 'the set has a thumbnail');
    const meta = await sharp(thumb.data).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['webp', 100, 100]);

    await press(user, answer.message, OWN_STICKER.remove);
    assert.deepEqual(
      tg.stickerSetContents(name)?.stickers.map((s) => s.fileUniqueId),
      [tg.stickerSetContents(name)!.stickers[0]!.fileUniqueId],
    );
    assert.equal(tg.stickerSetContents(name)?.stickers.length, 1);
    assert.equal(keyboardOf(answer.message), undefined, 'the buttons are gone');

    // someone else's sticker, or another user pressing: nothing happens to the set
    const other = await newUser();
    await tg.sendSticker(other, tg.stickerSetContents(name)!.stickers[0]!.fileId);
    await tg.idle();
    assert.equal(tg.sentMessages(other.userId).at(-1)?.text, says('en', 'unsupported_media'));
  });

  it('a changed caption gives the sticker in the pack new keywords; one in no pack: nothing', async () => {
    const user = await newUser('tr');
    const sticker = await stickerFor(user, 'Doğum günün kutlu olsun');
    const photo = sticker.reply_to_message!;
    await press(user, sticker, ADD_TO_PACK);
    const name = packName(user.userId, 1, BOT, packNameKey(tg.token));
    const inSet = () => tg.stickerSetContents(name)!.stickers[0]!;
    const title = tg.stickerSet(name)!.title;
    const repliesToPhoto = () =>
      tg.sentMessages(user.userId).filter((m) => m.replyToMessageId === photo.message_id);
    const keywordCalls = () => tg.calls().filter((c) => c.method === 'setStickerKeywords');

    await tg.editCaption(user, photo, 'Mutlu yıllar, Ayşe! 🎂');
    await tg.idle();
    assert.equal(keywordCalls().at(-1)?.params.sticker, inSet().fileId);
    assert.deepEqual(inSet().keywords, ['mutlu', 'yıllar', 'ayşe']);
    const keywords = 'mutlu, yıllar, ayşe';
    assert.equal(repliesToPhoto().at(-1)?.text, says('tr', 'keywords_set', { title, keywords }));

    await tg.editCaption(user, photo, '');
    await tg.idle();
    assert.deepEqual(inSet().keywords, []);
    assert.equal(repliesToPhoto().at(-1)?.text, says('tr', 'keywords_cleared', { title }));

    // a sticker never added: the edit changes nothing and the bot says nothing
    const other = (await stickerFor(user, 'bir')).reply_to_message!;
    const [calls, sent] = [keywordCalls().length, tg.sentMessages(user.userId).length];
    await tg.editCaption(user, other, 'iki');
    await tg.idle();
    assert.equal(keywordCalls().length, calls);
    assert.equal(tg.sentMessages(user.userId).length, sent);
  });

  it('/pack: rename (1-64), choose where new stickers go, delete after a confirmation', async () => {
    const user = await newUser('it');
    await press(user, await stickerFor(user), ADD_TO_PACK);
    const first = packName(user.userId, 1, BOT, packNameKey(tg.token));
    const listed = await send(user, '/pack');
    assert.equal(listed.length, 1);
    assert.match(listed[0]!.text ?? '', new RegExp(`addstickers/${first}`));

    await press(user, listed[0]!.message, packButtonData('rename', first));
    assert.equal(
      (await send(user, 'x'.repeat(65)))[0]?.text,
      says('it', 'rename_invalid', { max: 64 }),
    );
    assert.equal(
      (await send(user, '  Nonna  '))[0]?.text,
      says('it', 'rename_done', { title: 'Nonna' }),
    );
    assert.equal(tg.stickerSet(first)?.title, 'Nonna');

    // a second pack (the first one deleted on Telegram is not reused: its name stays taken)
    await state.userPacks(user.userId).then(async ({ packs }) => {
      const full = packs.map((p) => ({ ...p, count: 120 }));
      await state.finishPackAdd(user.userId, 'seed', first, full);
    });
    await press(user, await stickerFor(user), ADD_TO_PACK);
    const second = packName(user.userId, 2, BOT, packNameKey(tg.token));
    assert.equal(tg.stickerSet(second)?.stickers.length, 1);
    await state.finishPackAdd(
      user.userId,
      'seed',
      first,
      (await state.packs(user.userId)).map((p) => (p.name === first ? { ...p, count: 1 } : p)),
    );
    const both = await send(user, '/pack');
    assert.equal(both.length, 2);
    await press(user, both[0]!.message, packButtonData('use', first));
    await press(user, await stickerFor(user), ADD_TO_PACK);
    assert.equal(tg.stickerSet(first)?.stickers.length, 2, 'new stickers go to the chosen pack');

    await press(user, both[0]!.message, packButtonData('delete', first));
    const ask = tg.sentMessages(user.userId).at(-1)!;
    assert.equal(ask.text, says('it', 'delete_ask', { title: 'Nonna', count: 2 }));
    await press(user, ask.message, packButtonData('cancel', first));
    assert.ok(tg.stickerSet(first), 'cancel keeps it');
    await press(user, both[0]!.message, packButtonData('delete', first));
    const again = tg.sentMessages(user.userId).at(-1)!;
    await press(user, again.message, packButtonData('confirm', first));
    assert.equal(tg.stickerSet(first), undefined);
    assert.equal(
      tg.sentMessages(user.userId).at(-1)?.text,
      says('it', 'delete_done', { title: 'Nonna' }),
    );
    assert.deepEqual(
      (await state.packs(user.userId)).map((p) => p.name),
      [second],
    );
    const stale = await press(user, both[0]!.message, packButtonData('rename', first));
    assert.equal(toast(stale)?.text, says('it', 'pack_missing'));
  });
});
