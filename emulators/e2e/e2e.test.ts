import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { pngBomb } from '../../shared/testing';
import { assertPersonSticker, evalPhoto, replyTo } from './helpers';
import { formatViolations, recordedCalls } from '../iam/calls';
import { startStack, type Stack } from '../stack/stack';
import type { TelegramEmulator } from '../telegram/server';

/**
 * End to end on the local stack: real client libraries, the Storage, Pub/Sub and
 * Telegram emulators, the three functions in their own Functions Framework processes
 * (compiled code, as deployed), and real photos of people from ../shared/eval.
 */
let userSeq = 2000;
const newUser = () => ({ userId: ++userSeq, firstName: 'Eve', languageCode: 'en' });

describe('photo in, sticker out, on the local stack', { timeout: 240_000 }, () => {
  let stack: Stack;
  let tg: TelegramEmulator;
  const lines: string[] = [];

  before(async () => {
    evalPhoto('ccp/001.jpg'); // fail loudly, before starting anything, if the eval set is missing
    stack = await startStack({ onLine: (s, l) => lines.push(`${s} ${l}`) });
    tg = stack.telegram!;
  });
  after(async () => {
    await stack?.stop();
  });

  for (const rel of ['ccp/001.jpg', 'ccp/015.jpg', 'nprportrait/001.png']) {
    test(`a photo of a person (${rel}) comes back as a sticker of that person, as a reply`, async () => {
      const user = newUser();
      const update = await tg.sendPhoto(user, evalPhoto(rel));
      const m = await replyTo(tg, user.userId, update.message.message_id);
      await assertPersonSticker(m);
    });
  }

  test('an image sent as a file (document) keeps full quality and becomes a sticker', async () => {
    const user = newUser();
    const update = await tg.sendDocument(user, evalPhoto('ccp/021.jpg'), {
      fileName: 'me.jpg',
      mimeType: 'image/jpeg',
    });
    await assertPersonSticker(await replyTo(tg, user.userId, update.message.message_id));
  });

  test('/start and /help explain the bot', async () => {
    const user = newUser();
    const start = await tg.sendText(user, '/start');
    assert.match(
      (await replyTo(tg, user.userId, start.message.message_id)).text ?? '',
      /photo of a person/,
    );
    const help = await tg.sendText(user, '/help');
    assert.match(
      (await replyTo(tg, user.userId, help.message.message_id)).text ?? '',
      /deleted after processing/,
    );
  });

  test('a PDF, a photo without a person, and a decompression bomb get a clear answer', async () => {
    const user = newUser();
    const pdf = await tg.sendDocument(
      user,
      Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n'),
      {
        fileName: 'cv.pdf',
        mimeType: 'application/pdf',
      },
    );
    assert.match(
      (await replyTo(tg, user.userId, pdf.message.message_id)).text ?? '',
      /only use pictures/,
    );

    const wall = await sharp({
      create: { width: 640, height: 480, channels: 3, background: '#5a7d9a' },
    })
      .jpeg()
      .toBuffer();
    const empty = await tg.sendPhoto(user, wall);
    assert.match(
      (await replyTo(tg, user.userId, empty.message.message_id)).text ?? '',
      /could not find a person/,
    );

    const bomb = await tg.sendDocument(user, pngBomb(30000, 30000), {
      fileName: 'big.png',
      mimeType: 'image/png',
    });
    assert.match(
      (await replyTo(tg, user.userId, bomb.message.message_id)).text ?? '',
      /too large \(900 megapixels\)/,
    );
  });

  test('the same update delivered three times gives one sticker', async () => {
    const user = newUser();
    const first = await tg.sendPhoto(user, evalPhoto('ccp/031.jpg'));
    await replyTo(tg, user.userId, first.message.message_id);
    // Telegram redelivers an update when it did not see our 200 in time: replay it twice.
    await tg.postUpdate(first);
    await tg.postUpdate(first);
    await tg.idle();
    await stack.storage.idle();
    await new Promise((r) => setTimeout(r, 1500)); // let any (wrong) second sticker arrive
    const replies = tg
      .sentMessages(user.userId)
      .filter((m) => m.replyToMessageId === first.message.message_id);
    assert.equal(replies.length, 1, 'exactly one sticker');
  });

  test('a forged webhook call is refused with 401 and changes nothing', async () => {
    const before = tg.sentMessages().length;
    for (const secret of [undefined, 'forged']) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (secret) headers['x-telegram-bot-api-secret-token'] = secret;
      const res = await fetch(stack.functions.webhook.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          update_id: 1,
          message: { message_id: 1, date: 1, chat: { id: 1, type: 'private' }, text: '/start' },
        }),
      });
      assert.equal(res.status, 401);
    }
    assert.equal(tg.sentMessages().length, before);
  });

  test('one photo can be followed through all three functions by its update id', async () => {
    const user = newUser();
    const update = await tg.sendPhoto(user, evalPhoto('ccp/041.jpg'));
    await replyTo(tg, user.userId, update.message.message_id);
    await new Promise((r) => setTimeout(r, 300)); // the sender logs right after sending
    for (const fn of ['webhook', 'matting', 'sender'] as const) {
      const mine = stack.functions[fn].logs.filter((l) => l.updateId === update.update_id);
      assert.ok(mine.length > 0, `${fn} logged update ${update.update_id}`);
      for (const l of mine) {
        assert.ok(typeof l.severity === 'string' && typeof l.message === 'string');
        const labels = l['logging.googleapis.com/labels'] as Record<string, string> | undefined;
        assert.equal(
          labels?.updateId,
          String(update.update_id),
          'update id as a Cloud Logging label',
        );
      }
    }
  });

  test('every Storage request was authorized, and every Pub/Sub and Firestore call too', () => {
    // Storage enforces the deploy plan's grants itself: a refused request is a 401/403 there.
    const refused = lines.filter((l) => /^storage .*"status":40[13]/.test(l));
    assert.deepEqual(refused, []);
    // Pub/Sub and Firestore do not: the functions record their calls, checked here.
    const recorded = (fn: 'webhook' | 'matting') =>
      recordedCalls(stack.functions[fn].logs)
        .map((c) => c.permissions)
        .flat();
    assert.ok(recorded('matting').includes('pubsub.topics.publish'), 'matting published');
    assert.ok(recorded('webhook').includes('datastore.entities.get'), 'webhook read Firestore');
    assert.equal(formatViolations(stack.callViolations()), '');
  });

  test('no log line of any function contains the bot token', () => {
    assert.ok(lines.length > 20);
    const secret = stack.botToken.split(':')[1]!;
    const leaks = lines.filter((l) => l.includes(secret) && !l.startsWith('telegram '));
    assert.deepEqual(leaks, []);
  });
});
