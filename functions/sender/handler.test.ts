import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderMessage } from '../../shared/messages';
import type { ReplyMessageInput } from '../../shared/reply-message';
import { createMemoryObjectStore } from '../../shared/storage';
import { captureLogsInSuite, telegramError, withServer } from '../../shared/testing';
import { claimMarkerName, sentMarkerName } from '../../shared/delivery-record';
import { createSenderHandler, type SenderBotApi } from './handler';
import { DEFAULT_PACER_LIMITS, createPacer, type Pacer } from './pacer';
import { BUCKET, STICKER, publishReply, senderTestServer } from './test-fixtures';

interface Call {
  method: string;
  chatId: unknown;
  payload: unknown;
  extra: Record<string, unknown>;
}

/** A Bot API fake that records calls and fails the next ones with the given codes. */
function fakeTelegram(calls: Call[], failures: number[] = []) {
  let id = 500;
  const call = (method: string, chatId: unknown, payload: unknown, extra: unknown) => {
    calls.push({ method, chatId, payload, extra: (extra ?? {}) as Record<string, unknown> });
    const code = failures.shift();
    if (code) {
      const parameters = code === 429 ? { retry_after: 60 } : undefined;
      return Promise.reject(telegramError(code, 'fake', parameters));
    }
    return Promise.resolve({ message_id: ++id });
  };
  return {
    sendSticker: (c: unknown, s: unknown, e: unknown) => call('sendSticker', c, s, e),
    sendMessage: (c: unknown, t: unknown, e: unknown) => call('sendMessage', c, t, e),
  } as unknown as SenderBotApi;
}

function setup(failures: number[] = [], pacer?: Pacer) {
  const store = createMemoryObjectStore();
  const calls: Call[] = [];
  const telegram = fakeTelegram(calls, failures);
  const server = senderTestServer('sender', createSenderHandler, { store, telegram, pacer });
  return { store, calls, server };
}

describe('sender function (Functions Framework test server, fakes injected)', () => {
  captureLogsInSuite();

  test('sends the sticker as a reply, once, whatever the redeliveries', async () => {
    const { store, calls, server } = setup();
    const webp = Buffer.from('RIFF....WEBPVP8 fake');
    await store.create(BUCKET, '77/5001.webp', webp, { contentType: 'image/webp' });
    await withServer(server, async (url) => {
      for (let i = 0; i < 3; i++) assert.equal((await publishReply(url, STICKER)).status, 204);
      assert.equal(calls.length, 1);
      const c = calls[0]!;
      assert.equal(c.method, 'sendSticker');
      assert.equal(c.chatId, 77);
      assert.deepEqual((c.payload as { source: Buffer }).source, webp);
      // multipart upload: reply_parameters must travel as a JSON string
      assert.deepEqual(JSON.parse(String(c.extra.reply_parameters)), {
        message_id: 10,
        allow_sending_without_reply: true,
      });
      assert.deepEqual(c.extra.reply_markup, {
        inline_keyboard: [[{ text: 'Add to my pack', callback_data: 'pack:add' }]],
      });
      assert.equal(c.extra.emoji, undefined, 'no caption emoji: Telegram picks none');
      assert.ok(await store.exists(BUCKET, sentMarkerName(77, 5001)));
    });
  });

  test("the caption's emoji is sent with the sticker", async () => {
    const { store, calls, server } = setup();
    await store.create(BUCKET, '77/5001.webp', Buffer.from('webp'), { contentType: 'image/webp' });
    await withServer(server, async (url) => {
      assert.equal((await publishReply(url, { ...STICKER, emoji: '🇩🇪' })).status, 204);
      assert.equal(calls[0]?.method, 'sendSticker');
      assert.equal(calls[0]?.extra.emoji, '🇩🇪');
    });
  });

  test('a clip sticker goes out as .webm, then the note that the clip was cut', async () => {
    const { store, calls, server } = setup();
    const webm = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3]);
    await store.create(BUCKET, '77/5001.webm', webm, { contentType: 'video/webm' });
    const clip: ReplyMessageInput = {
      ...STICKER,
      object: '77/5001.webm',
      format: 'video',
      languageCode: 'de',
    };
    await withServer(server, async (url) => {
      for (let i = 0; i < 2; i++) {
        assert.equal((await publishReply(url, { ...clip, trimmedToSeconds: 3 })).status, 204);
      }
      assert.deepEqual(
        calls.map((c) => c.method),
        ['sendSticker', 'sendMessage'],
      );
      assert.deepEqual(calls[0]?.payload, { source: webm, filename: 'sticker.webm' });
      assert.equal(calls[1]?.payload, renderMessage('clip_trimmed', 'de', { seconds: 3 }));
      assert.deepEqual(calls[1]?.extra.reply_parameters, {
        message_id: 10,
        allow_sending_without_reply: true,
      });
    });
  });

  test('a still sticker goes out as .webp, and an uncut clip without a note', async () => {
    const { store, calls, server } = setup();
    await store.create(BUCKET, '77/5001.webp', Buffer.from('webp'), { contentType: 'image/webp' });
    await store.create(BUCKET, '77/5002.webm', Buffer.from('webm'), { contentType: 'video/webm' });
    await withServer(server, async (url) => {
      assert.equal((await publishReply(url, STICKER)).status, 204);
      const clip = { ...STICKER, updateId: 5002, object: '77/5002.webm', format: 'video' } as const;
      assert.equal((await publishReply(url, clip, 'm2')).status, 204);
      assert.deepEqual(
        calls.map((c) => [c.method, (c.payload as { filename?: string }).filename]),
        [
          ['sendSticker', 'sticker.webp'],
          ['sendSticker', 'sticker.webm'],
        ],
      );
    });
  });

  test('a failed note about the cut is not retried: the sticker is out, once', async () => {
    const { store, calls, server } = setup([0, 500]);
    await store.create(BUCKET, '77/5001.webm', Buffer.from('webm'), { contentType: 'video/webm' });
    const clip = {
      ...STICKER,
      object: '77/5001.webm',
      format: 'video',
      trimmedToSeconds: 3,
    } as const;
    await withServer(server, async (url) => {
      assert.equal((await publishReply(url, clip)).status, 204);
      assert.equal((await publishReply(url, clip)).status, 204);
      assert.deepEqual(
        calls.map((c) => c.method),
        ['sendSticker', 'sendMessage'],
      );
      assert.ok(await store.exists(BUCKET, sentMarkerName(77, 5001)));
    });
  });

  test('a text reply is rendered from its key in the user language', async () => {
    const { calls, server } = setup();
    await withServer(server, async (url) => {
      const res = await publishReply(url, {
        v: 1,
        kind: 'text',
        chatId: 5,
        replyTo: 3,
        updateId: 9,
        key: 'too_many_pixels',
        params: { megapixels: 900, limit: 50 },
        languageCode: 'xx',
      });
      assert.equal(res.status, 204);
      assert.equal(calls[0]?.method, 'sendMessage');
      assert.match(String(calls[0]?.payload), /900 megapixels.*at most 50/);
    });
  });

  /** Telegram's answer to the first delivery → the status Pub/Sub gets, as the FF's testData[]. */
  const outcomes: { answer: string; failures: number[]; status: number; redelivered: boolean }[] = [
    { answer: '5xx', failures: [500], status: 500, redelivered: true },
    { answer: '429 with a long retry_after', failures: [429], status: 500, redelivered: true },
    { answer: '5xx, then 429', failures: [500, 429], status: 500, redelivered: true },
    { answer: '401 (a wrong token: an alarm)', failures: [401], status: 500, redelivered: true },
    { answer: '403 (the user blocked the bot)', failures: [403], status: 204, redelivered: false },
  ];
  for (const { answer, failures, status, redelivered } of outcomes) {
    test(`Telegram ${answer} → ${status}${redelivered ? ', and a later delivery sends' : ''}`, async () => {
      const { store, calls, server } = setup([...failures]);
      await store.create(BUCKET, '77/5001.webp', Buffer.from('x'), { contentType: 'image/webp' });
      await withServer(server, async (url) => {
        for (let i = 0; i < failures.length; i++) {
          assert.equal((await publishReply(url, STICKER)).status, status, `delivery ${i + 1}`);
        }
        if (redelivered) assert.equal((await publishReply(url, STICKER)).status, 204);
        assert.equal(calls.length, failures.length + (redelivered ? 1 : 0));
      });
    });
  }

  test('a reply that does not match the schema is dropped, not retried', async () => {
    const { calls, server } = setup();
    await withServer(server, async (url) => {
      assert.equal((await publishReply(url, 'not json')).status, 204);
      assert.equal(
        (await publishReply(url, JSON.stringify({ v: 2, kind: 'sticker' }))).status,
        204,
      );
      assert.equal(calls.length, 0);
    });
  });

  test('a missing sticker object ends in an apology, not silence', async () => {
    const { calls, server } = setup();
    await withServer(server, async (url) => {
      assert.equal((await publishReply(url, { ...STICKER, updateId: 6000 })).status, 204);
      assert.equal(calls[0]?.method, 'sendMessage');
      assert.match(String(calls[0]?.payload), /went wrong/);
    });
  });
});

describe('sender: one answer per update under concurrency', () => {
  const logs = captureLogsInSuite();

  test('the same reply published twice and delivered concurrently is sent once', async () => {
    const { store, calls, server } = setup();
    await store.create(BUCKET, '77/5001.webp', Buffer.from('webp'), { contentType: 'image/webp' });
    await withServer(server, async (url) => {
      const statuses = await Promise.all([
        publishReply(url, STICKER, 'a'),
        publishReply(url, STICKER, 'b'),
        publishReply(url, STICKER, 'c'),
      ]);
      // the losers are told to come back later (500 → redelivered) or see it done (204)
      for (const s of statuses) assert.ok(s.status === 204 || s.status === 500, String(s.status));
      for (let i = 0; i < 3; i++)
        assert.equal((await publishReply(url, STICKER, `r${i}`)).status, 204);
      assert.equal(calls.length, 1);
      assert.equal(await store.exists(BUCKET, claimMarkerName(77, 5001)), false, 'claim released');
    });
  });

  test('a claim left by a crashed instance is taken over after its lease', async () => {
    const { store, calls, server } = setup();
    await store.create(BUCKET, '77/5001.webp', Buffer.from('webp'), { contentType: 'image/webp' });
    await store.create(BUCKET, claimMarkerName(77, 5001), Buffer.from('{}'), {
      contentType: 'application/json',
    });
    await withServer(server, async (url) => {
      const seen = logs.lines.length;
      assert.equal((await publishReply(url, STICKER)).status, 500, 'fresh claim: retry later');
      assert.equal(calls.length, 0);
      // the outcome line names the photo, so its story can be followed by update id
      const refused = logs.lines
        .slice(seen)
        .filter((l) => l['message'] === 'retryable failure; will be redelivered');
      assert.equal(refused.length, 1);
      assert.equal(refused[0]?.['updateId'], 5001);
      assert.equal(refused[0]?.['chatId'], 77);
      const held = store.objects.get(`${BUCKET}/${claimMarkerName(77, 5001)}`)!;
      held.created = new Date(Date.now() - 120_000); // the lease (90 s) has expired
      assert.equal((await publishReply(url, STICKER)).status, 204);
      assert.equal(calls.length, 1);
    });
  });

  test('a failed send releases the claim so the redelivery can send at once', async () => {
    const { store, calls, server } = setup([502]);
    await store.create(BUCKET, '77/5001.webp', Buffer.from('webp'), { contentType: 'image/webp' });
    await withServer(server, async (url) => {
      assert.equal((await publishReply(url, STICKER)).status, 500);
      assert.equal((await publishReply(url, STICKER)).status, 204);
      assert.equal(calls.length, 2);
    });
  });
});

describe('sender: Telegram flood limits (pacer.ts)', () => {
  captureLogsInSuite();

  test("a chat's second sticker waits its interval; a 429 pauses the instance past maxWait", async () => {
    let now = 0;
    const waits: number[] = [];
    const clock = {
      now: () => now,
      sleep: (ms: number) => {
        waits.push(ms);
        now += ms;
        return Promise.resolve();
      },
    };
    const pacer = createPacer({ ...DEFAULT_PACER_LIMITS, perSecond: 10 }, clock);
    const { store, calls, server } = setup([0, 0, 429], pacer);
    for (const u of [1, 2, 3]) {
      await store.create(BUCKET, `77/${u}.webp`, Buffer.from('webp'), {
        contentType: 'image/webp',
      });
    }
    await withServer(server, async (url) => {
      const reply = (u: number) => ({ ...STICKER, updateId: u, object: `77/${u}.webp` });
      assert.equal((await publishReply(url, reply(1), 'a')).status, 204);
      assert.equal((await publishReply(url, reply(2), 'b')).status, 204);
      assert.deepEqual(waits, [DEFAULT_PACER_LIMITS.chatIntervalMs]);
      // Telegram says 429, retry after 60 s: longer than maxWaitMs, so the instance sends
      // nothing to anyone and the push is refused (redelivered later).
      assert.equal((await publishReply(url, reply(3), 'c')).status, 500);
      assert.equal(calls.length, 3);
      const other = { ...STICKER, chatId: 78, updateId: 4, object: '77/1.webp' };
      assert.equal((await publishReply(url, other, 'd')).status, 500);
      assert.equal(calls.length, 3, 'paused: nothing was sent');
      now += 61_000;
      assert.equal((await publishReply(url, other, 'e')).status, 204);
      assert.equal(calls.length, 4);
    });
  });
});
