import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import type { Update } from 'telegraf/types';
import { FAIR_USE_WINDOW_MS } from '../../shared/bot-state';
import { renderMessage } from '../../shared/messages';
import { captureLogsInSuite, solidJpeg, withServer } from '../../shared/testing';
import { decodeUploadMetadata } from '../../shared/upload-object';
import { packName, packNameKey, packTitle } from './packs';
import {
  BUCKET,
  STRANGER,
  TOKEN,
  chat,
  photoUpdate,
  post,
  pressUpdate,
  setup,
  textUpdate,
  user,
  type Call,
} from './test-fixtures';

const texts = (calls: Call[]) =>
  calls.filter((c) => c.method === 'sendMessage').map((c) => String(c.args[1]));
const answers = (calls: Call[]) => calls.filter((c) => c.method === 'answerCallbackQuery');

describe('webhook: commands, fair use and sticker packs', () => {
  const logs = captureLogsInSuite();
  beforeEach(() => {
    logs.lines.length = 0;
  });

  test('/help fills in the limits; nothing is left as a {placeholder}', async () => {
    const { calls, server } = setup();
    await withServer(server, async (url) => {
      for (const lang of ['en', 'es', 'ru', 'de', 'pt']) {
        calls.length = 0;
        const update = textUpdate(1, '/help') as Update & { message: { from: object } };
        update.message.from = { ...user, language_code: lang };
        assert.equal((await post(url, update)).status, 200);
        const [text] = texts(calls);
        assert.ok(text, lang);
        assert.doesNotMatch(text, /\{\w+\}/, lang);
        assert.match(text, /50/);
        assert.match(text, /10/);
      }
    });
  });

  test('/outline flips the chat setting and the next photo carries it; /outline on|off sets it', async () => {
    const { store, state, calls, files, server } = setup();
    files.set('big', await solidJpeg(64, 48));
    const outlineOf = (updateId: number) =>
      decodeUploadMetadata(store.objects.get(`${BUCKET}/${chat.id}/${updateId}`)?.metadata).options
        .outline;
    await withServer(server, async (url) => {
      await post(url, photoUpdate(10, 'big'));
      assert.equal(outlineOf(10), true);
      await post(url, textUpdate(11, '/outline'));
      assert.equal(texts(calls).at(-1), renderMessage('outline_off', 'en'));
      assert.deepEqual(await state.chatSettings(chat.id), { outline: false });
      await post(url, photoUpdate(12, 'big'));
      assert.equal(outlineOf(12), false);
      await post(url, textUpdate(13, '/outline on'));
      assert.equal(texts(calls).at(-1), renderMessage('outline_on', 'en'));
      await post(url, textUpdate(14, '/outline ON'));
      assert.deepEqual(await state.chatSettings(chat.id), { outline: true });
      await post(url, textUpdate(15, '/outline off'));
      await post(url, textUpdate(16, '/outline off'));
      assert.deepEqual(await state.chatSettings(chat.id), { outline: false });
    });
  });

  test('Firestore down: the photo is still taken (fair use and settings fail open), and logged', async () => {
    const down = () => Promise.reject(new Error('14 UNAVAILABLE: firestore is down'));
    const { store, calls, files, server } = setup({
      state: (s) => ({ ...s, takePhotoSlot: down, chatSettings: down }),
    });
    files.set('big', await solidJpeg(64, 48));
    const seen = logs.lines.length;
    await withServer(server, async (url) => {
      assert.equal((await post(url, photoUpdate(50, 'big'))).status, 200);
      const upload = store.objects.get(`${BUCKET}/${chat.id}/50`);
      assert.ok(upload, 'the photo was stored for matting');
      assert.equal(decodeUploadMetadata(upload.metadata).options.outline, true, 'default');
      assert.deepEqual(texts(calls), [], 'no refusal, no apology');
      const errors = logs.lines
        .slice(seen)
        .filter((l) => l['severity'] === 'ERROR')
        .map((l) => l['message']);
      assert.deepEqual(errors.sort(), [
        'chat settings unreadable; defaults used',
        'fair-use check failed; photo let through',
      ]);
    });
  });

  test('fair use: beyond the limit a polite refusal in the user language, and no work started', async () => {
    const { store, calls, files, server } = setup({
      fairUse: { limit: 3, windowMs: FAIR_USE_WINDOW_MS },
    });
    files.set('big', await solidJpeg(64, 48));
    await withServer(server, async (url) => {
      for (let id = 20; id < 23; id++) await post(url, photoUpdate(id, 'big'));
      assert.equal(store.objects.size, 3);
      calls.length = 0;
      const refused = photoUpdate(23, 'big') as Update & { message: { from: object } };
      refused.message.from = { ...user, language_code: 'es' };
      assert.equal((await post(url, refused)).status, 200);
      assert.equal(store.objects.size, 3);
      assert.deepEqual(
        calls.map((c) => c.method),
        ['sendMessage'],
        'no chat action, no getFile, no download',
      );
      const text = texts(calls)[0] ?? '';
      const seconds = Number(/(\d+) segundos/.exec(text)?.[1]);
      assert.ok(seconds >= 55 && seconds <= 60, text);
      assert.equal(text, renderMessage('rate_limited', 'es', { limit: 3, seconds }));
      // Telegram redelivering an update that was let through is not counted again.
      assert.equal((await post(url, photoUpdate(21, 'big'))).status, 200);
      assert.ok(!texts(calls.slice(1)).length, 'redelivery is not refused');
    });
  });

  test('Add to my pack: a video sticker goes in with format video, beside the stills', async () => {
    const { sets, calls, server } = setup();
    const first = packName(user.id, 1, 'test_bot', packNameKey(TOKEN));
    await withServer(server, async (url) => {
      await post(url, pressUpdate(40, 1, { video: true }));
      await post(url, pressUpdate(41, 2));
      const create = calls.find((c) => c.method === 'createNewStickerSet');
      assert.deepEqual(create?.args[3], {
        stickers: [{ sticker: 'sticker-file-1', format: 'video', emoji_list: ['🙂'] }],
      });
      const add = calls.find((c) => c.method === 'addStickerToSet');
      assert.deepEqual(add?.args.slice(1), [
        first,
        { sticker: { sticker: 'sticker-file-2', format: 'static', emoji_list: ['🙂'] } },
      ]);
      assert.equal(sets.get(first)?.stickers, 2);
    });
  });

  test('Add to my pack: creates the pack, extends it, knows a sticker already added', async () => {
    const { state, sets, calls, server } = setup();
    const first = packName(user.id, 1, 'test_bot', packNameKey(TOKEN));
    await withServer(server, async (url) => {
      assert.equal((await post(url, pressUpdate(30, 1))).status, 200);
      const create = calls.find((c) => c.method === 'createNewStickerSet');
      assert.ok(create);
      assert.deepEqual(create.args.slice(0, 3), [user.id, first, packTitle('Ana', 1, 'en')]);
      assert.deepEqual(create.args[3], {
        stickers: [{ sticker: 'sticker-file-1', format: 'static', emoji_list: ['🙂'] }],
      });
      assert.ok(
        !('sticker_format' in (create.args[3] as object)),
        'Bot API 7.2: no sticker_format',
      );
      assert.deepEqual(answers(calls)[0]?.args.slice(0, 2), [
        'q30',
        renderMessage('pack_added_toast', 'en'),
      ]);
      assert.match(texts(calls).at(-1) ?? '', new RegExp(`https://t.me/addstickers/${first}`));

      // a sticker sent with its caption's emoji is filed under that emoji
      await post(url, pressUpdate(31, 2, { emoji: '👋🏽' }));
      assert.equal(sets.get(first)?.stickers, 2);
      const add = calls.find((c) => c.method === 'addStickerToSet');
      assert.deepEqual(add?.args.slice(1), [
        first,
        { sticker: { sticker: 'sticker-file-2', format: 'static', emoji_list: ['👋🏽'] } },
      ]);

      calls.length = 0;
      await post(url, pressUpdate(32, 2));
      assert.equal(sets.get(first)?.stickers, 2, 'the same sticker is not added twice');
      assert.equal(
        texts(calls).at(-1),
        renderMessage('pack_already', 'en', { link: `https://t.me/addstickers/${first}` }),
      );

      calls.length = 0;
      await post(url, textUpdate(33, '/pack'));
      assert.match(texts(calls)[0] ?? '', new RegExp(`addstickers/${first}`));
      assert.deepEqual(await state.packs(user.id), [
        { name: first, title: packTitle('Ana', 1, 'en'), count: 2 },
      ]);
    });
  });

  test('a full pack (120) starts a second one', async () => {
    const { sets, server } = setup();
    const first = packName(user.id, 1, 'test_bot', packNameKey(TOKEN));
    const second = packName(user.id, 2, 'test_bot', packNameKey(TOKEN));
    await withServer(server, async (url) => {
      await post(url, pressUpdate(40, 1));
      sets.get(first)!.stickers = 120; // filled from another client, unknown to our records
      await post(url, pressUpdate(41, 2));
      assert.equal(sets.get(first)?.stickers, 120);
      assert.equal(sets.get(second)?.stickers, 1);
      await post(url, pressUpdate(42, 3));
      assert.equal(sets.get(second)?.stickers, 2, 'next sticker goes straight to the second pack');
    });
  });

  test('/pack before any pack; a press on a message without a sticker; an unknown button', async () => {
    const { calls, server } = setup();
    await withServer(server, async (url) => {
      await post(url, textUpdate(50, '/pack'));
      assert.equal(texts(calls).at(-1), renderMessage('pack_none', 'en'));
      await post(url, pressUpdate(51, 1, { sticker: false, lang: 'de' }));
      assert.deepEqual(answers(calls).at(-1)?.args, [
        'q51',
        renderMessage('pack_gone', 'de'),
        { show_alert: true },
      ]);
      await post(url, pressUpdate(52, 1, { data: 'something-old' }));
      assert.deepEqual(answers(calls).at(-1)?.args, ['q52']);
      assert.ok(!calls.some((c) => /StickerSet|StickerToSet/.test(c.method)));
    });
  });

  test('a user who never started the bot is told to, and may press again afterwards', async () => {
    const { state, sets, calls, server } = setup();
    await withServer(server, async (url) => {
      const update = pressUpdate(70, 1) as Update & { callback_query: { from: object } };
      update.callback_query.from = { ...user, id: STRANGER, language_code: 'pt-br' };
      assert.equal((await post(url, update)).status, 200);
      assert.deepEqual(answers(calls).at(-1)?.args, [
        'q70',
        renderMessage('pack_need_start', 'pt'),
        { show_alert: true },
      ]);
      assert.equal(sets.size, 0);
      const again = await state.beginPackAdd(STRANGER, 'sticker-uniq-1', 60_000);
      assert.equal(again.status, 'go', 'the claim was released');
    });
  });

  test('a Telegram fault while adding: 500 (Telegram redelivers) and the claim is released', async () => {
    const { state, sets, server } = setup({ fail: { method: 'createNewStickerSet', code: 502 } });
    await withServer(server, async (url) => {
      assert.equal((await post(url, pressUpdate(60, 1))).status, 500);
      assert.equal(sets.size, 0);
      const retry = await state.beginPackAdd(user.id, 'sticker-uniq-1', 60_000);
      assert.equal(retry.status, 'go', 'a redelivery may try again at once');
    });
  });
});
