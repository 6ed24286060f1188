import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { captureLogsInSuite, listen, solidJpeg } from '../../shared/testing';
import { decodeUploadMetadata } from '../../shared/upload-object';
import type { Update } from 'telegraf/types';
import { BUCKET, SECRET, chat, photoUpdate, post, setup, textUpdate, user } from './test-fixtures';

describe('webhook function (Functions Framework test server, fakes injected)', () => {
  const logs = captureLogsInSuite();
  beforeEach(() => {
    logs.lines.length = 0;
  });

  test('a photo is stored once per update, with the metadata matting needs', async () => {
    const { store, calls, files, server } = setup();
    files.set('big', await solidJpeg(64, 48));
    const srv = await listen(server);
    try {
      const update = photoUpdate(5001, 'big', 'hello');
      for (let i = 0; i < 3; i++) {
        const res = await post(srv.url, update);
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
    } finally {
      await srv.close();
    }
  });

  test('missing or wrong secret → 401 and no side effect', async () => {
    const { store, calls, files, server } = setup();
    files.set('big', await solidJpeg(16, 16));
    const srv = await listen(server);
    try {
      for (const secret of [
        null,
        '',
        'wrong',
        SECRET + 'x',
        SECRET.slice(0, -1),
        'x'.repeat(300),
      ]) {
        const res = await post(srv.url, photoUpdate(6001, 'big'), secret);
        assert.equal(res.status, 401, `secret ${String(secret)}`);
      }
      assert.equal(store.objects.size, 0);
      assert.equal(calls.length, 0);
    } finally {
      await srv.close();
    }
  });

  test('/start and /help answer with how to use the bot; other messages get a short answer', async () => {
    const { store, calls, server } = setup();
    const srv = await listen(server);
    try {
      assert.equal((await post(srv.url, textUpdate(1, '/start'))).status, 200);
      assert.equal((await post(srv.url, textUpdate(2, '/help'))).status, 200);
      assert.equal((await post(srv.url, textUpdate(3, 'hello there'))).status, 200);
      const texts = calls.filter((c) => c.method === 'sendMessage').map((c) => String(c.args[1]));
      assert.equal(texts.length, 3);
      assert.match(texts[0]!, /Hi Ana!.*photo of a person/s);
      assert.match(texts[1]!, /deleted after processing/);
      assert.match(texts[2]!, /Send me a photo/);
      assert.equal(store.objects.size, 0);
    } finally {
      await srv.close();
    }
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
    const srv = await listen(server);
    const doc = (id: number, document: object) =>
      ({
        update_id: id,
        message: { message_id: 12, date: 1, chat, from: user, document },
      }) as Update;
    try {
      await post(
        srv.url,
        doc(1, {
          file_id: 'png1',
          file_unique_id: 'p',
          file_name: 'me.png',
          mime_type: 'image/png',
          file_size: 100,
        }),
      );
      await post(
        srv.url,
        doc(2, {
          file_id: 'pdf',
          file_unique_id: 'q',
          file_name: 'cv.pdf',
          mime_type: 'application/pdf',
          file_size: 100,
        }),
      );
      await post(
        srv.url,
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
      assert.match(texts[0]!, /JPEG, PNG or WebP/);
      assert.match(texts[1]!, /20 MB/);
      assert.ok(
        !calls.some((c) => c.method === 'getFile' && c.args[0] !== 'png1'),
        'refused files are never downloaded',
      );
    } finally {
      await srv.close();
    }
  });

  test('a photo whose bytes are not an image gets an answer, nothing stored', async () => {
    const { store, calls, files, server } = setup();
    files.set('junk', Buffer.from('this is not a jpeg at all'));
    const srv = await listen(server);
    try {
      assert.equal((await post(srv.url, photoUpdate(7001, 'junk'))).status, 200);
      assert.equal(store.objects.size, 0);
      assert.match(
        String(calls.find((c) => c.method === 'sendMessage')?.args[1]),
        /could not read/,
      );
    } finally {
      await srv.close();
    }
  });

  test('Telegram 5xx while fetching the file → 500 so Telegram redelivers; 403 → acknowledged', async () => {
    for (const [code, status] of [
      [502, 500],
      [429, 500],
      [403, 200],
    ] as const) {
      const { store, server } = setup({ fail: { method: 'getFile', code } });
      const srv = await listen(server);
      try {
        const res = await post(srv.url, photoUpdate(8000 + code, 'big'));
        assert.equal(res.status, status, `getFile ${code}`);
        assert.equal(store.objects.size, 0);
      } finally {
        await srv.close();
      }
    }
  });

  test('not POST → 405; malformed or non-update bodies are refused; oversized body → 413', async () => {
    const { store, server } = setup();
    const srv = await listen(server);
    try {
      assert.equal(
        (await fetch(srv.url, { headers: { 'x-telegram-bot-api-secret-token': SECRET } })).status,
        405,
      );
      assert.equal((await post(srv.url, { hello: 1 })).status, 400);
      assert.equal((await post(srv.url, [1, 2])).status, 400);
      assert.equal((await post(srv.url, { update_id: -1 })).status, 400);
      assert.equal((await post(srv.url, null, SECRET, '{"update_id": 1,')).status, 400);
      const big = {
        update_id: 9,
        message: { message_id: 1, date: 1, chat, text: 'x'.repeat(100_000) },
      };
      assert.equal((await post(srv.url, big)).status, 413);
      assert.equal(store.objects.size, 0);
    } finally {
      await srv.close();
    }
  });

  test('an update kind the bot does not handle is acknowledged silently', async () => {
    const { calls, server } = setup();
    const srv = await listen(server);
    try {
      const res = await post(srv.url, {
        update_id: 10,
        edited_message: { message_id: 1, date: 1, chat, text: 'x' },
      });
      assert.equal(res.status, 200);
      assert.ok(!calls.some((c) => c.method === 'sendMessage'));
    } finally {
      await srv.close();
    }
  });

  test('the bot token never appears in the logs', async () => {
    const { server } = setup({ fail: { method: 'getFile', code: 500 } });
    const srv = await listen(server);
    try {
      await post(srv.url, photoUpdate(11, 'big'));
      assert.ok(logs.raw.length > 0);
      for (const line of logs.raw) assert.ok(!line.includes('webhook-test-token-not-real'), line);
    } finally {
      await srv.close();
    }
  });
});
