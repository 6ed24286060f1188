import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { captureLogsInSuite, solidJpeg, withServer } from '../../shared/testing';
import { decodeUploadMetadata } from '../../shared/upload-object';
import type { Update } from 'telegraf/types';
import { BUCKET, SECRET, chat, photoUpdate, post, setup, textUpdate, user } from './test-fixtures';

describe('webhook function (Functions Framework test server, fakes injected)', () => {
  const logs = captureLogsInSuite();
  beforeEach(() => {
    logs.lines.length = 0;
  });

  /**
   * The gate, request by request (as the Functions Framework's testData[]): what comes in
   * and the status it gets. None of these reaches the bot: no call, nothing stored.
   */
  const big = {
    update_id: 9,
    message: { message_id: 1, date: 1, chat, text: 'x'.repeat(100_000) },
  };
  const secretHeader = { 'x-telegram-bot-api-secret-token': SECRET };
  const turnedAway: { what: string; send: (url: string) => Promise<Response>; status: number }[] = [
    { what: 'GET', send: (url) => fetch(url, { headers: secretHeader }), status: 405 },
    ...[null, '', 'wrong', SECRET + 'x', SECRET.slice(0, -1), 'x'.repeat(300)].map((secret) => ({
      what: `secret ${JSON.stringify(secret)}`,
      send: (url: string) => post(url, photoUpdate(6001, 'big'), secret),
      status: 401,
    })),
    {
      what: 'an object that is not an update',
      send: (url) => post(url, { hello: 1 }),
      status: 400,
    },
    { what: 'an array', send: (url) => post(url, [1, 2]), status: 400 },
    { what: 'a negative update_id', send: (url) => post(url, { update_id: -1 }), status: 400 },
    {
      what: 'malformed JSON',
      send: (url) => post(url, null, SECRET, '{"update_id": 1,'),
      status: 400,
    },
    { what: 'a body over maxBodyBytes', send: (url) => post(url, big), status: 413 },
  ];
  for (const { what, send, status } of turnedAway) {
    test(`the gate: ${what} → ${status}, no side effect`, async () => {
      const { store, calls, files, server } = setup();
      files.set('big', await solidJpeg(16, 16));
      await withServer(server, async (url) => {
        assert.equal((await send(url)).status, status);
        assert.equal(store.objects.size, 0);
        assert.equal(calls.length, 0);
      });
    });
  }

  test('a photo is stored once per update, with the metadata matting needs', async () => {
    const { store, calls, files, server } = setup();
    files.set('big', await solidJpeg(64, 48));
    await withServer(server, async (url) => {
      const update = photoUpdate(5001, 'big', 'hello');
      for (let i = 0; i < 3; i++) {
        const res = await post(url, update);
        assert.equal(res.status, 200);
      }
      assert.equal(store.objects.size, 1);
      const obj = store.objects.get(`${BUCKET}/77/5001`);
      assert.ok(obj, 'object named from chat id and update id');
      assert.equal(obj.contentType, 'image/jpeg');
      assert.deepEqual(obj.data, files.get('big'));
      const meta = decodeUploadMetadata(obj.metadata);
      assert.equal(meta.chatId, 77);
      assert.equal(meta.messageId, 10);
      assert.equal(meta.userId, 77);
      assert.equal(meta.updateId, 5001);
      assert.equal(meta.languageCode, 'en');
      assert.equal(meta.caption, 'hello');
      assert.equal(meta.source, 'photo');
      assert.ok(
        calls.some((c) => c.method === 'getFile' && c.args[0] === 'big'),
        'largest size fetched',
      );
      assert.ok(calls.some((c) => c.method === 'sendChatAction' && c.args[1] === 'choose_sticker'));
      assert.ok(!calls.some((c) => c.method === 'sendMessage'), 'no text for a good photo');
    });
  });

  test('/start and /help answer with how to use the bot; other messages get a short answer', async () => {
    const { store, calls, server } = setup();
    await withServer(server, async (url) => {
      assert.equal((await post(url, textUpdate(1, '/start'))).status, 200);
      assert.equal((await post(url, textUpdate(2, '/help'))).status, 200);
      assert.equal((await post(url, textUpdate(3, 'hello there'))).status, 200);
      const texts = calls.filter((c) => c.method === 'sendMessage').map((c) => String(c.args[1]));
      assert.equal(texts.length, 3);
      assert.match(texts[0]!, /Hi Ana!.*photo of a person/s);
      assert.match(texts[1]!, /deleted after processing/);
      assert.match(texts[2]!, /Send me a photo/);
      assert.equal(store.objects.size, 0);
    });
  });

  test('documents: image kept at full quality, non-image and oversize refused politely', async () => {
    const { store, calls, files, server } = setup();
    files.set(
      'png1',
      await (
        await import('sharp')
      )
        .default({ create: { width: 8, height: 8, channels: 4, background: '#0000' } })
        .png()
        .toBuffer(),
    );
    const doc = (id: number, document: object) =>
      ({
        update_id: id,
        message: { message_id: 12, date: 1, chat, from: user, document },
      }) as Update;
    await withServer(server, async (url) => {
      await post(
        url,
        doc(1, {
          file_id: 'png1',
          file_unique_id: 'p',
          file_name: 'me.png',
          mime_type: 'image/png',
          file_size: 100,
        }),
      );
      await post(
        url,
        doc(2, {
          file_id: 'pdf',
          file_unique_id: 'q',
          file_name: 'cv.pdf',
          mime_type: 'application/pdf',
          file_size: 100,
        }),
      );
      await post(
        url,
        doc(3, {
          file_id: 'huge',
          file_unique_id: 'r',
          file_name: 'big.jpg',
          mime_type: 'image/jpeg',
          file_size: 25 * 1024 * 1024,
        }),
      );
      assert.equal(store.objects.size, 1);
      assert.equal(store.objects.get(`${BUCKET}/77/1`)?.contentType, 'image/png');
      const texts = calls.filter((c) => c.method === 'sendMessage').map((c) => String(c.args[1]));
      assert.equal(texts.length, 2);
      assert.match(texts[0]!, /JPEG, PNG, WebP, GIF, MP4/);
      assert.match(texts[1]!, /20 MB/);
      assert.ok(
        !calls.some((c) => c.method === 'getFile' && c.args[0] !== 'png1'),
        'refused files are never downloaded',
      );
    });
  });

  test('a photo whose bytes are not an image gets an answer, nothing stored', async () => {
    const { store, calls, files, server } = setup();
    files.set('junk', Buffer.from('this is not a jpeg at all'));
    await withServer(server, async (url) => {
      assert.equal((await post(url, photoUpdate(7001, 'junk'))).status, 200);
      assert.equal(store.objects.size, 0);
      assert.match(
        String(calls.find((c) => c.method === 'sendMessage')?.args[1]),
        /could not read/,
      );
    });
  });

  /** Telegram's answer to getFile → the status Telegram gets (500 = redeliver), as testData[]. */
  const getFileOutcomes: { code: number; status: number }[] = [
    { code: 502, status: 500 },
    { code: 429, status: 500 },
    { code: 403, status: 200 },
  ];
  for (const { code, status } of getFileOutcomes) {
    test(`getFile answers ${code} → ${status}, nothing stored`, async () => {
      const { store, server } = setup({ fail: { method: 'getFile', code } });
      await withServer(server, async (url) => {
        const res = await post(url, photoUpdate(8000 + code, 'big'));
        assert.equal(res.status, status, `getFile ${code}`);
        assert.equal(store.objects.size, 0);
      });
    });
  }

  test('an update kind the bot does not handle is acknowledged silently', async () => {
    const { calls, server } = setup();
    await withServer(server, async (url) => {
      const res = await post(url, {
        update_id: 10,
        edited_message: { message_id: 1, date: 1, chat, text: 'x' },
      });
      assert.equal(res.status, 200);
      assert.ok(!calls.some((c) => c.method === 'sendMessage'));
    });
  });

  test('the bot token never appears in the logs', async () => {
    const { server } = setup({ fail: { method: 'getFile', code: 500 } });
    await withServer(server, async (url) => {
      await post(url, photoUpdate(11, 'big'));
      assert.ok(logs.raw.length > 0);
      for (const line of logs.raw) assert.ok(!line.includes('webhook-test-token-not-real'), line);
    });
  });
});
