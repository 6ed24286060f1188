/**
 * Editing sticker sets through the real telegraf client, the way the bot's pack management
 * drives Telegram: the user sends one of their stickers back, the bot removes, reorders,
 * re-emojis, re-keywords or replaces it, renames the set, gives it a thumbnail, deletes it.
 * Each refusal carries the text the Bot API server gives (sources in the methods' files).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { Telegram } from 'telegraf';
import { badRequest } from '../../shared/testing.js';
import { startTelegramEmulator, type TelegramEmulator } from './server.js';

const BOT = 'sticker_local_bot';

const image = (width: number, height: number, format: 'webp' | 'png' | 'jpeg' = 'webp') =>
  sharp({ create: { width, height, channels: 4, background: '#36a' } })
    [format]()
    .toBuffer();

/** Random pixels do not compress: over 128 KB as a PNG of 200x200. */
const noise = (side: number) =>
  sharp({
    create: {
      width: side,
      height: side,
      channels: 4,
      background: '#000',
      noise: { type: 'gaussian', mean: 128, sigma: 90 },
    },
  })
    .png({ compressionLevel: 0 })
    .toBuffer();

void describe('telegram emulator: editing sticker sets', () => {
  let emulator: TelegramEmulator;
  let telegram: Telegram;
  /** Methods telegraf 4.16 has no wrapper for (replaceStickerInSet) or no `format` for. */
  let call: (method: string, payload: object) => Promise<unknown>;
  let nextUser = 9000;

  /** A user with a set of `count` stickers, emoji 1️⃣ 2️⃣ …; returns the set's file_ids. */
  async function userWithSet(count = 3) {
    const user = { userId: ++nextUser, firstName: 'Mo' };
    await emulator.sendText(user, '/start');
    const name = `s${user.userId}_by_${BOT}`;
    const stickers = [];
    for (let i = 0; i < count; i += 1) {
      const sent = await telegram.sendSticker(user.userId, { source: await image(512, 512) });
      stickers.push({
        sticker: sent.sticker.file_id,
        emoji_list: [`${i + 1}\u20e3`],
        format: 'static',
      });
    }
    await telegram.createNewStickerSet(user.userId, name, 'Mine', { stickers } as never);
    const ids = async () => (await telegram.getStickerSet(name)).stickers.map((s) => s.file_id);
    return { user, name, ids, fileIds: await ids() };
  }

  before(async () => {
    emulator = await startTelegramEmulator();
    telegram = new Telegram(emulator.token, { apiRoot: emulator.apiRoot });
    call = (method, payload) =>
      (telegram.callApi as unknown as (m: string, p: object) => Promise<unknown>)(method, payload);
  });

  after(() => emulator.close());

  void it('a sticker the user sends back names its set, under a file_id of its own', async () => {
    const { user, name, fileIds } = await userWithSet(2);
    const inSet = (await telegram.getStickerSet(name)).stickers[1]!;
    const { message } = await emulator.sendSticker(user, fileIds[1]!);
    assert.equal(message.sticker.set_name, name);
    assert.equal(message.sticker.emoji, '2\u20e3');
    assert.equal(message.sticker.file_unique_id, inSet.file_unique_id);
    assert.notEqual(message.sticker.file_id, inSet.file_id, 'compare by file_unique_id');
    await assert.rejects(emulator.sendSticker(user, 'CAACnothing'), /no sticker/);

    assert.equal(await telegram.deleteStickerFromSet(message.sticker.file_id), true);
    assert.deepEqual(
      (await telegram.getStickerSet(name)).stickers.map((s) => s.file_unique_id),
      [(await telegram.getStickerSet(name)).stickers[0]?.file_unique_id],
    );
    assert.equal(
      await badRequest(telegram.deleteStickerFromSet(inSet.file_id)),
      'STICKERSET_NOT_MODIFIED',
    );
    const photo = (await emulator.sendPhoto(user, await image(64, 64, 'jpeg'))).message.photo[0];
    const cases: [string, string][] = [
      ['  ', 'sticker is not specified'],
      [
        'CAACnothing',
        "wrong remote file identifier specified: can't unserialize it. Wrong last symbol",
      ],
      [photo?.file_id ?? '', "can't use file of type Photo as Sticker"],
    ];
    for (const [id, text] of cases) {
      assert.equal(await badRequest(telegram.deleteStickerFromSet(id)), text, id);
    }
  });

  void it('moves a sticker: zero-based, within the set, refusing a move that changes nothing', async () => {
    const { name, ids, fileIds } = await userWithSet(3);
    const [a, b, c] = fileIds as [string, string, string];
    assert.equal(await telegram.setStickerPositionInSet(c, 0), true);
    assert.deepEqual(await ids(), [c, a, b]);
    assert.equal(await telegram.setStickerPositionInSet(c, 2), true);
    assert.deepEqual(await ids(), [a, b, c]);
    const cases: [number | undefined, string][] = [
      [2, 'STICKERSET_NOT_MODIFIED'],
      [3, 'wrong sticker position specified'],
      [-1, 'wrong sticker position specified'],
      [undefined, 'wrong sticker position specified'],
    ];
    for (const [position, text] of cases) {
      assert.equal(
        await badRequest(call('setStickerPositionInSet', { sticker: c, position })),
        text,
        String(position),
      );
    }
    await telegram.deleteStickerFromSet(c);
    assert.equal(await badRequest(telegram.setStickerPositionInSet(c, 0)), 'STICKER_INVALID');
    assert.equal(emulator.stickerSet(name)?.stickers.length, 2);
  });

  void it('sets 1-20 emoji; the first is the one clients show', async () => {
    const { user, name, fileIds } = await userWithSet(1);
    const id = fileIds[0]!;
    const twenty = Array.from({ length: 20 }, (_, i) => String.fromCodePoint(0x1f600 + i));
    assert.equal(await telegram.setStickerEmojiList(id, ['🐱', '😺']), true);
    assert.equal(emulator.stickerSet(name)?.stickers[0]?.emoji, '🐱');
    assert.deepEqual(emulator.stickerSetContents(name)?.stickers[0]?.emojiList, ['🐱', '😺']);
    assert.equal((await emulator.sendSticker(user, id)).message.sticker.emoji, '🐱');
    assert.equal(await telegram.setStickerEmojiList(id, twenty), true);
    const cases: [unknown, string][] = [
      [[], "can't parse emoji list: emoji list must be non-empty"],
      [[...twenty, '😀'], "can't parse emoji list: too many emoji specified"],
      [['cat'], "can't parse emoji list: expected a Unicode emoji"],
      [[7], "can't parse emoji list: emoji must be a string"],
      ['🐱', "can't parse emoji list JSON array"],
      [{ a: '🐱' }, "can't parse emoji list: expected an Array of string"],
      [undefined, "can't parse emoji list JSON array"],
      [twenty, 'STICKERSET_NOT_MODIFIED'],
    ];
    for (const [emoji_list, text] of cases) {
      const payload = { sticker: id, emoji_list };
      assert.equal(
        await badRequest(call('setStickerEmojiList', payload)),
        text,
        String(emoji_list),
      );
    }
  });

  void it('sets 0-20 keywords of at most 64 characters, cleaned as TDLib cleans them', async () => {
    const { name, fileIds } = await userWithSet(1);
    const id = fileIds[0]!;
    const keywords = () => emulator.stickerSetContents(name)?.stickers[0]?.keywords;
    assert.equal(await telegram.setStickerKeywords(id, ['cat', 'sunny, day']), true);
    assert.deepEqual(keywords(), ['cat', 'sunny  day']);
    const twenty = Array.from({ length: 20 }, (_, i) => String.fromCharCode(97 + i));
    assert.equal(await telegram.setStickerKeywords(id, twenty), true);
    assert.equal(await telegram.setStickerKeywords(id, ['x'.repeat(64)]), true);
    assert.equal(await telegram.setStickerKeywords(id), true, 'none clears them');
    assert.deepEqual(keywords(), []);
    const cases: [unknown, string][] = [
      [[...twenty, 'u'], 'too many keywords specified'],
      [['x'.repeat(32), 'y'.repeat(32)], 'keywords must be at most 64 characters in total'],
      [[1], 'keyword must be a string'],
      ['cat', "can't parse keywords JSON object"],
      [{ k: 'cat' }, 'field "keywords" must be an Array'],
      [[], 'STICKERSET_NOT_MODIFIED'],
    ];
    for (const [value, text] of cases) {
      const payload = { sticker: id, keywords: value };
      assert.equal(await badRequest(call('setStickerKeywords', payload)), text, String(value));
    }
    const long = {
      stickers: [{ sticker: id, emoji_list: ['🙂'], format: 'static', keywords: [...twenty, 'u'] }],
    };
    assert.equal(
      await badRequest(telegram.createNewStickerSet(nextUser, `k${name}`, 'K', long as never)),
      "can't parse InputSticker: too many keywords specified",
    );
  });

  void it('replaces a sticker in place, for the set’s owner only', async () => {
    const { user, name, ids, fileIds } = await userWithSet(3);
    const other = await userWithSet(1);
    const fresh = (await telegram.sendSticker(user.userId, { source: await image(512, 300) }))
      .sticker;
    const replace = (userId: number, setName: string, old: string | undefined) =>
      call('replaceStickerInSet', {
        user_id: userId,
        name: setName,
        old_sticker: old,
        sticker: JSON.stringify({ sticker: fresh.file_id, emoji_list: ['🆕'], format: 'static' }),
      });
    assert.equal(await replace(user.userId, name, fileIds[1]), true);
    const after = await telegram.getStickerSet(name);
    assert.deepEqual(
      [after.stickers[0]?.file_id, after.stickers[2]?.file_id],
      [fileIds[0], fileIds[2]],
    );
    assert.deepEqual([after.stickers[1]?.emoji, after.stickers[1]?.height], ['🆕', 300]);
    assert.equal((await ids()).length, 3);
    const cases: [number, string, string | undefined, string][] = [
      [user.userId, name, fileIds[1], 'STICKER_INVALID'],
      [user.userId, name, other.fileIds[0], 'STICKER_INVALID'],
      [other.user.userId, name, fileIds[0], 'STICKERSET_INVALID'],
      [user.userId, name, undefined, 'sticker is not specified'],
      [user.userId, '', fileIds[0], 'sticker set name must be non-empty'],
      [user.userId, `none_by_${BOT}`, fileIds[0], 'STICKERSET_INVALID'],
    ];
    for (const [userId, setName, old, text] of cases) {
      assert.equal(await badRequest(replace(userId, setName, old)), text, text);
    }
  });

  void it('renames a set: trimmed, cut to 64 characters, never blank', async () => {
    const { name } = await userWithSet(1);
    assert.equal(await telegram.setStickerSetTitle(name, `  ${'é'.repeat(70)}  `), true);
    assert.equal(emulator.stickerSet(name)?.title, 'é'.repeat(64));
    const cases: [string, string, string][] = [
      [name, '   ', 'sticker set title must be non-empty'],
      ['', 'T', 'sticker set name must be non-empty'],
      [`none_by_${BOT}`, 'T', 'STICKERSET_INVALID'],
      [name, 'é'.repeat(64), 'STICKERSET_NOT_MODIFIED'],
    ];
    for (const [setName, title, text] of cases) {
      assert.equal(await badRequest(telegram.setStickerSetTitle(setName, title)), text, text);
    }
  });

  void it('sets a 100x100 WEBP or PNG thumbnail, refuses what Telegram refuses, drops it when none is given', async () => {
    const { user, name } = await userWithSet(1);
    const thumb = (payload: object, userId = user.userId) =>
      call('setStickerSetThumbnail', { name, user_id: userId, ...payload });
    assert.equal(
      await thumb({ thumbnail: { source: await image(100, 100) }, format: 'static' }),
      true,
    );
    const set = await telegram.getStickerSet(name);
    assert.deepEqual([set.thumbnail?.width, set.thumbnail?.height], [100, 100]);
    assert.equal(emulator.stickerSetContents(name)?.thumbnail?.mimeType, 'image/webp');
    assert.equal(await thumb({ thumbnail: { source: await image(100, 100, 'png') } }), true);
    assert.equal(emulator.stickerSetContents(name)?.thumbnail?.mimeType, 'image/png');
    const webm = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(100)]);
    const cases: [object, string][] = [
      [{ thumbnail: { source: await image(512, 512) } }, 'STICKER_PNG_DIMENSIONS'],
      [{ thumbnail: { source: await image(100, 100, 'jpeg') } }, 'STICKER_THUMB_PNG_NOPNG'],
      [{ thumbnail: { source: await noise(200) } }, 'file is too big'],
      [
        { thumbnail: { source: await image(100, 100) }, format: 'gif' },
        'invalid sticker format specified',
      ],
      [{ thumbnail: { source: await image(100, 100) }, format: 'video' }, 'STICKER_VIDEO_NOWEBM'],
      [
        { thumbnail: { source: Buffer.concat([webm, Buffer.alloc(33 * 1024)]) }, format: 'video' },
        'file is too big',
      ],
      [{ thumbnail: 'https://example.com/t.png' }, 'failed to get HTTP URL content'],
      [{ name: '' }, 'sticker set name must be non-empty'],
      [{ user_id: 0 }, 'invalid user_id specified'],
      [{ user_id: 424_242_424 }, 'user not found'],
    ];
    for (const [payload, text] of cases) assert.equal(await badRequest(thumb(payload)), text, text);
    const other = await userWithSet(1);
    assert.equal(await badRequest(thumb({}, other.user.userId)), 'STICKERSET_INVALID');
    assert.equal(await thumb({ thumbnail: { source: webm }, format: 'video' }), true);
    assert.equal(emulator.stickerSetContents(name)?.thumbnail?.mimeType, 'video/webm');
    assert.equal(await thumb({}), true);
    assert.equal((await telegram.getStickerSet(name)).thumbnail, undefined);
  });

  void it('deletes a set: gone for getStickerSet, its stickers no longer name it', async () => {
    const { user, name, fileIds } = await userWithSet(2);
    assert.equal(
      await badRequest(telegram.deleteStickerSet(`none_by_${BOT}`)),
      'STICKERSET_INVALID',
    );
    assert.equal(
      await badRequest(telegram.deleteStickerSet(' ')),
      'sticker set name must be non-empty',
    );
    assert.equal(await telegram.deleteStickerSet(name.toUpperCase()), true);
    assert.equal(await badRequest(telegram.getStickerSet(name)), 'STICKERSET_INVALID');
    assert.equal(emulator.stickerSetsOf(user.userId).length, 0);
    assert.equal(
      (await emulator.sendSticker(user, fileIds[0]!)).message.sticker.set_name,
      undefined,
    );
    assert.equal(
      await badRequest(telegram.setStickerEmojiList(fileIds[0]!, ['🙂'])),
      'STICKER_INVALID',
    );
  });
});
