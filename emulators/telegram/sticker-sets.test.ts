/**
 * Sticker sets driven by the real telegraf client, the way the bot will drive
 * Telegram: stickers the bot sent earlier become a user's set, uploads go as
 * `attach://` parts, and the refusals carry Telegram's texts.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import { TRANSPARENT, refusal, solidImage } from '../../shared/testing.js';
import { startTelegramEmulator, type TelegramEmulator } from './server.js';

const BOT = 'sticker_local_bot';

const webp = (width: number, height: number) =>
  solidImage('webp', width, height, { r: 9, g: 99, b: 9, alpha: 0.5 });
const png = (width: number, height: number) => solidImage('png', width, height, TRANSPARENT);

/** Random pixels do not compress: a 512x512 PNG of noise is well over 512 KB. */
const noisyPng = (): Promise<Buffer> =>
  sharp({
    create: {
      width: 512,
      height: 512,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .png({ compressionLevel: 0 })
    .toBuffer();

/** Untyped extra: telegraf 4.16.3 types predate `format` and `attach://` parts. */
type Extra = Parameters<Telegram['createNewStickerSet']>[3];
const extra = (o: Record<string, unknown>): Extra => o as unknown as Extra;

void describe('telegram emulator: sticker sets', () => {
  let emulator: TelegramEmulator;
  let telegram: Telegram;
  let nextUser = 5000;
  /** A user who has started the bot, so Telegram knows them. */
  const startedUser = async () => {
    const user = { userId: ++nextUser, firstName: 'Lin', languageCode: 'en' };
    await emulator.sendText(user, '/start');
    return user;
  };
  /** file_id of a sticker the bot sent to `userId`, as the sender function does. */
  const sentSticker = async (userId: number, data?: Buffer) =>
    (await telegram.sendSticker(userId, { source: data ?? (await webp(512, 512)) })).sticker
      .file_id;
  const one = (sticker: string, emoji = '🙂') => ({
    stickers: [{ sticker, emoji_list: [emoji], format: 'static' }],
  });

  before(async () => {
    emulator = await startTelegramEmulator();
    telegram = new Telegram(emulator.token, { apiRoot: emulator.apiRoot });
  });

  after(() => emulator.close());

  void it('makes a set from a sticker the bot sent, and getStickerSet answers in Telegram’s shape', async () => {
    const user = await startedUser();
    const fileId = await sentSticker(user.userId, await webp(512, 384));
    const name = `cats_${user.userId}_by_${BOT}`;
    assert.equal(
      await telegram.createNewStickerSet(user.userId, name, ' Cats ', extra(one(fileId, '🐱'))),
      true,
    );
    const set = await telegram.getStickerSet(name.toUpperCase());
    const [sticker] = set.stickers;
    assert.ok(sticker);
    assert.deepEqual(Object.keys(set).sort(), ['name', 'sticker_type', 'stickers', 'title']);
    assert.deepEqual([set.name, set.title, set.sticker_type], [name, 'Cats', 'regular']);
    assert.notEqual(sticker.file_id, fileId, 'a set sticker is a file of its own');
    assert.deepEqual(
      [sticker.type, sticker.width, sticker.height, sticker.is_animated, sticker.is_video],
      ['regular', 512, 384, false, false],
    );
    assert.deepEqual([sticker.emoji, sticker.set_name], ['🐱', name]);
    const bytes = await fetch(await telegram.getFileLink(sticker.file_id));
    assert.equal(bytes.headers.get('content-type'), 'image/webp');
    assert.deepEqual(emulator.stickerSet(name), set);
    assert.deepEqual(emulator.stickerSetsOf(user.userId), [set]);

    const resent = await telegram.sendSticker(user.userId, sticker.file_id);
    assert.deepEqual([resent.sticker.set_name, resent.sticker.emoji], [name, '🐱']);
  });

  void it('takes uploads as attach:// parts, the stickers array as telegraf encodes it, PNG stored as WEBP', async () => {
    const user = await startedUser();
    const name = `up_${user.userId}_by_${BOT.toUpperCase()}`;
    // telegraf turns any {source} value into a multipart part named after its key.
    await telegram.createNewStickerSet(
      user.userId,
      name,
      'Uploads',
      extra({
        stickers: [
          { sticker: 'attach://first', emoji_list: ['😀', '😃'], keywords: ['hi'] },
          { sticker: 'attach://second', emoji_list: ['🇺🇦'] },
        ],
        sticker_format: 'static',
        first: { source: await png(300, 512) },
        second: { source: await webp(512, 512) },
      }),
    );
    assert.equal(emulator.calls().at(-1)?.files.length, 2, 'sent as multipart');
    const set = await telegram.getStickerSet(name);
    assert.deepEqual(
      set.stickers.map((s) => [s.emoji, s.width, s.height]),
      [
        ['😀', 300, 512],
        ['🇺🇦', 512, 512],
      ],
    );
    const first = await fetch(await telegram.getFileLink(set.stickers[0]?.file_id ?? ''));
    assert.equal((await sharp(Buffer.from(await first.arrayBuffer())).metadata()).format, 'webp');

    // In multipart telegraf drops an object `sticker`; as a JSON string it survives.
    const part = { source: await webp(512, 200) };
    const asObject = { sticker: { sticker: 'attach://pic', emoji_list: ['🙂'] }, pic: part };
    assert.equal(
      await refusal(telegram.addStickerToSet(user.userId, name, asObject as never)),
      'Bad Request: there is no sticker file in the request',
    );
    const asString = { sticker: JSON.stringify(asObject.sticker), pic: part };
    assert.equal(await telegram.addStickerToSet(user.userId, name, asString as never), true);
    assert.equal((await telegram.getStickerSet(name)).stickers.length, 3);

    const file = await telegram.uploadStickerFile(
      user.userId,
      { source: await webp(512, 512) },
      'static',
    );
    await telegram.addStickerToSet(user.userId, name, {
      sticker: { sticker: file.file_id, emoji_list: ['🎉'] },
    });
    assert.equal((await telegram.getStickerSet(name)).stickers.at(-1)?.emoji, '🎉');
  });

  void it('refuses what Telegram refuses, with its texts', async () => {
    const user = await startedUser();
    const good = await sentSticker(user.userId);
    const name = `bad_${user.userId}_by_${BOT}`;
    const photo = (await emulator.sendPhoto(user, await webp(64, 64))).message.photo[0]?.file_id;
    const cases: {
      what: string;
      userId?: number;
      name?: string;
      title?: string;
      extra: Record<string, unknown>;
      text: string;
    }[] = [
      {
        what: 'no suffix',
        name: 'cats',
        extra: one(good),
        text: 'invalid sticker set name is specified',
      },
      {
        what: 'another bot',
        name: 'cats_by_other_bot',
        extra: one(good),
        text: 'invalid sticker set name is specified',
      },
      {
        what: 'leading digit',
        name: `1cats_by_${BOT}`,
        extra: one(good),
        text: 'invalid sticker set name is specified',
      },
      {
        what: 'double underscore',
        name: `ca__ts_by_${BOT}`,
        extra: one(good),
        text: 'invalid sticker set name is specified',
      },
      {
        what: 'dash',
        name: `ca-ts_by_${BOT}`,
        extra: one(good),
        text: 'invalid sticker set name is specified',
      },
      {
        what: 'only the suffix',
        name: `_by_${BOT}`,
        extra: one(good),
        text: 'invalid sticker set name is specified',
      },
      {
        what: '65 characters',
        name: `${'a'.repeat(65 - BOT.length - 4)}_by_${BOT}`,
        extra: one(good),
        text: 'invalid sticker set name is specified',
      },
      {
        what: 'blank title',
        title: '  ',
        extra: one(good),
        text: 'sticker set title must be non-empty',
      },
      { what: 'unknown user', userId: 999_999, extra: one(good), text: 'user not found' },
      { what: 'user id 0', userId: 0, extra: one(good), text: 'invalid user_id specified' },
      { what: 'the bot itself', userId: 123456, extra: one(good), text: 'USER_IS_BOT' },
      { what: 'no stickers', extra: {}, text: 'there is no sticker file in the request' },
      { what: 'empty list', extra: { stickers: [] }, text: 'at least 1 sticker must be specified' },
      {
        what: '51 stickers',
        extra: { stickers: Array(51).fill(one(good).stickers[0]) },
        text: 'too many stickers specified',
      },
      {
        what: 'not an emoji',
        extra: one(good, 'INVALID'),
        text: "can't parse InputSticker: expected a Unicode emoji",
      },
      {
        what: 'no emoji',
        extra: { stickers: [{ sticker: good, emoji_list: [], format: 'static' }] },
        text: "can't parse InputSticker: emoji list must be non-empty",
      },
      {
        what: '21 emoji',
        extra: {
          stickers: [{ sticker: good, emoji_list: Array(21).fill('🙂'), format: 'static' }],
        },
        text: "can't parse InputSticker: too many emoji specified",
      },
      {
        what: 'no format',
        extra: { stickers: [{ sticker: good, emoji_list: ['🙂'] }] },
        text: 'can\'t parse InputSticker: Can\'t find field "format"',
      },
      {
        what: 'odd format',
        extra: { stickers: [{ sticker: good, emoji_list: ['🙂'], format: 'gif' }] },
        text: "can't parse InputSticker: Invalid sticker format specified",
      },
      {
        what: 'animated',
        extra: { stickers: [{ sticker: good, emoji_list: ['🙂'] }], sticker_format: 'animated' },
        text: "can't parse InputSticker: animated stickers are not supported by the local emulator, only static and video ones",
      },
      {
        what: 'Buffer in JSON',
        extra: {
          stickers: [
            { sticker: { source: Buffer.from('x') }, emoji_list: ['🙂'], format: 'static' },
          ],
        },
        text: 'can\'t parse InputSticker: Field "sticker" must be of type String',
      },
      {
        what: 'missing part',
        extra: one('attach://nothing'),
        text: "can't parse InputSticker: sticker not found",
      },
      {
        what: 'URL',
        extra: one('https://example.com/s.webp'),
        text: 'failed to get HTTP URL content',
      },
      {
        what: 'unknown file_id',
        extra: one('CAACnothing'),
        text: 'wrong file identifier/HTTP URL specified',
      },
      {
        what: 'photo file_id',
        extra: one(photo ?? ''),
        text: "can't use file of type Photo as Sticker",
      },
      {
        what: 'mask set',
        extra: { ...one(good), sticker_type: 'mask' },
        text: 'mask sticker sets are not supported by the local emulator',
      },
    ];
    for (const c of cases) {
      const text = await refusal(
        telegram.createNewStickerSet(
          c.userId ?? user.userId,
          c.name ?? name,
          c.title ?? 'T',
          extra(c.extra),
        ),
      );
      assert.equal(text, `Bad Request: ${c.text}`, c.what);
    }
    const files: [string, Buffer, string][] = [
      [
        'JPEG',
        await sharp(await png(512, 512))
          .flatten()
          .jpeg()
          .toBuffer(),
        'STICKER_PNG_NOPNG',
      ],
      ['no side of 512', await webp(300, 300), 'STICKER_PNG_DIMENSIONS'],
      ['too large', await webp(513, 512), 'STICKER_PNG_DIMENSIONS'],
      ['over 512 KB', await noisyPng(), 'file is too big'],
    ];
    for (const [what, data, text] of files) {
      const create = telegram.createNewStickerSet(
        user.userId,
        name,
        'T',
        extra({ ...one('attach://f'), f: { source: data } }),
      );
      assert.equal(await refusal(create), `Bad Request: ${text}`, what);
    }
    assert.equal(emulator.stickerSetsOf(user.userId).length, 0, 'nothing was created');
  });

  void it('keeps names unique and sets to their owner; a static set is full at 120', async () => {
    const owner = await startedUser();
    const other = await startedUser();
    const fileId = await sentSticker(owner.userId);
    const name = `full_${owner.userId}_by_${BOT}`;
    const fifty = { stickers: Array.from({ length: 50 }, () => one(fileId).stickers[0]) };
    await telegram.createNewStickerSet(owner.userId, name, 'Full', extra(fifty));
    assert.equal(
      await refusal(
        telegram.createNewStickerSet(other.userId, name.toUpperCase(), 'T', extra(one(fileId))),
      ),
      'Bad Request: sticker set name is already occupied',
    );
    const add = async (userId: number, setName = name, sticker?: string) =>
      telegram.addStickerToSet(userId, setName, {
        sticker: {
          sticker: sticker ?? (await sentSticker(owner.userId, image)),
          emoji_list: ['🙂'],
        },
      });
    const image = await webp(512, 512);
    assert.equal(await refusal(add(other.userId)), 'Bad Request: STICKERSET_INVALID');
    assert.equal(
      await refusal(add(owner.userId, `nope_by_${BOT}`)),
      'Bad Request: STICKERSET_INVALID',
    );
    for (let i = 50; i < 120; i += 1) await add(owner.userId);
    assert.equal((await telegram.getStickerSet(name)).stickers.length, 120);
    assert.equal(await refusal(add(owner.userId)), 'Bad Request: STICKERS_TOO_MUCH');

    const last = (await telegram.getStickerSet(name)).stickers.at(-1)?.file_id ?? '';
    assert.equal(await telegram.deleteStickerFromSet(last), true);
    assert.equal(
      await refusal(telegram.deleteStickerFromSet(last)),
      'Bad Request: STICKERSET_NOT_MODIFIED',
    );
    assert.equal((await telegram.sendSticker(owner.userId, last)).sticker.set_name, undefined);
    assert.equal(await add(owner.userId), true, 'room again after a delete');
    assert.equal((await telegram.getStickerSet(name)).stickers.length, 120);

    await telegram.setStickerSetTitle(name, 'Renamed');
    assert.equal(emulator.stickerSet(name)?.title, 'Renamed');
    await telegram.deleteStickerSet(name);
    assert.equal(await refusal(telegram.getStickerSet(name)), 'Bad Request: STICKERSET_INVALID');
    assert.equal(emulator.stickerSet(name), undefined);
  });

  void it('adds a sticker once: the same file again leaves the set unchanged', async () => {
    const user = await startedUser();
    const fileId = await sentSticker(user.userId);
    const name = `once_${user.userId}_by_${BOT}`;
    await telegram.createNewStickerSet(user.userId, name, 'Once', extra(one(fileId)));
    const again = { sticker: { sticker: fileId, emoji_list: ['🙂'], format: 'static' } };
    assert.equal(await telegram.addStickerToSet(user.userId, name, again as never), true);
    assert.equal((await telegram.getStickerSet(name)).stickers.length, 1);
    const inSet = (await telegram.getStickerSet(name)).stickers[0]?.file_id ?? '';
    const itself = { sticker: { sticker: inSet, emoji_list: ['🙂'], format: 'static' } };
    assert.equal(await telegram.addStickerToSet(user.userId, name, itself as never), true);
    assert.equal((await telegram.getStickerSet(name)).stickers.length, 1);
  });

  void it('still reads the Bot API 7.1 form: sticker_format stands in for a missing format', async () => {
    // Client.cpp get_input_stickers passes sticker_format as the default of each sticker's
    // format (telegram-bot-api 10.0), so Telegram accepts the old call; the recorded call shows
    // which form the bot used.
    const user = await startedUser();
    const fileId = await sentSticker(user.userId);
    const name = `legacy_${user.userId}_by_${BOT}`;
    const legacy = {
      stickers: [{ sticker: fileId, emoji_list: ['🙂'] }],
      sticker_format: 'static',
    };
    assert.equal(await telegram.createNewStickerSet(user.userId, name, 'Old', extra(legacy)), true);
    const call = emulator.calls().findLast((c) => c.method === 'createNewStickerSet');
    assert.equal(call?.params.sticker_format, 'static');
    assert.equal(
      await refusal(
        telegram.createNewStickerSet(
          user.userId,
          `x${name}`,
          'No format',
          extra({ stickers: legacy.stickers }),
        ),
      ),
      'Bad Request: can\'t parse InputSticker: Can\'t find field "format"',
    );
  });

  void it('keeps a deleted set’s name taken, as Telegram does', async () => {
    const user = await startedUser();
    const fileId = await sentSticker(user.userId);
    const name = `gone_${user.userId}_by_${BOT}`;
    await telegram.createNewStickerSet(user.userId, name, 'Gone', extra(one(fileId)));
    await telegram.deleteStickerSet(name);
    assert.equal(
      await refusal(telegram.createNewStickerSet(user.userId, name, 'Again', extra(one(fileId)))),
      'Bad Request: sticker set name is already occupied',
    );
  });
});

void describe('telegram emulator: a sticker with a button, pressed', () => {
  let emulator: TelegramEmulator;
  let telegram: Telegram;
  let server: http.Server;
  const received: Update[] = [];

  before(async () => {
    emulator = await startTelegramEmulator();
    telegram = new Telegram(emulator.token, { apiRoot: emulator.apiRoot });
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  after(async () => {
    await emulator.close();
    server.close();
    server.closeAllConnections();
  });

  void it('records the keyboard of an uploaded sticker and delivers the press with the sticker, if allowed', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    await telegram.setWebhook(url, { allowed_updates: ['message', 'callback_query'] });
    const user = { userId: 7001, firstName: 'Ada' };
    await emulator.sendText(user, '/start');
    const keyboard = { inline_keyboard: [[{ text: 'Add to my set', callback_data: 'add' }]] };
    const sent = await telegram.sendSticker(
      user.userId,
      { source: await webp(512, 512) },
      { reply_markup: keyboard },
    );
    assert.equal(emulator.calls().at(-1)?.files.length, 1, 'a multipart upload');
    assert.deepEqual(sent.reply_markup, keyboard);
    assert.deepEqual(emulator.sentMessages(user.userId).at(-1)?.replyMarkup, keyboard);

    const press = await emulator.pressButton(user, sent, 'add');
    await emulator.idle();
    const got = received.find((u) => u.update_id === press.update_id);
    assert.ok(got && 'callback_query' in got, 'delivered');
    const message = got.callback_query.message;
    assert.ok(message && 'sticker' in message);
    const name = `mine_by_${BOT}`;
    await telegram.createNewStickerSet(
      got.callback_query.from.id,
      name,
      'Mine',
      extra(one(message.sticker.file_id)),
    );
    assert.equal(emulator.stickerSetsOf(user.userId)[0]?.name, name);

    await telegram.setWebhook(url, { allowed_updates: ['message'] });
    const ignored = await emulator.pressButton(user, sent, 'add');
    const delivery = emulator.webhookDeliveries().find((d) => d.updateId === ignored.update_id);
    assert.equal(delivery?.status, 'dropped');
    assert.ok(!received.some((u) => u.update_id === ignored.update_id));
  });

  function one(sticker: string) {
    return { stickers: [{ sticker, emoji_list: ['🙂'], format: 'static' }] };
  }
});
