/**
 * The emulator driven by the real telegraf client, as the bot will drive it,
 * and by a plain HTTP webhook receiver standing in for the webhook function.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import sharp from 'sharp';
import { Telegram } from 'telegraf';
import type { Convenience, Message, Update } from 'telegraf/types';
import { TRANSPARENT, rejectsWith, solidImage } from '../../shared/testing.js';
import { startTelegramEmulator, type TelegramEmulator } from './server.js';

type ExtraSticker = Convenience.ExtraSticker;

/** A webhook receiver whose answer each test scripts. */
interface Receiver {
  url: string;
  received: { update: Update; secret: string | undefined }[];
  /** Status (and optional JSON body) for each incoming update; default 200. */
  respond: (update: Update, attempt: number) => { status: number; body?: object };
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const receiver: Omit<Receiver, 'url' | 'close'> = {
    received: [],
    respond: () => ({ status: 200 }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const update = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update;
      const secret = req.headers['x-telegram-bot-api-secret-token'];
      receiver.received.push({ update, secret: typeof secret === 'string' ? secret : undefined });
      const attempt = receiver.received.filter(
        (r) => r.update.update_id === update.update_id,
      ).length;
      const { status, body } = receiver.respond(update, attempt);
      res.writeHead(status, body ? { 'content-type': 'application/json' } : {});
      res.end(body ? JSON.stringify(body) : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/webhook`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

const jpeg = (width: number, height: number) => solidImage('jpeg', width, height, '#888');
const webp = (width: number, height: number) => solidImage('webp', width, height, TRANSPARENT);

// node:test returns promises from describe/it; the runner awaits them, hence `void`.
void describe('telegram emulator', () => {
  let emulator: TelegramEmulator;
  let telegram: Telegram;
  let receiver: Receiver;
  const logLines: Record<string, unknown>[] = [];
  let nextUser = 1000;
  const newUser = () => ({ userId: ++nextUser, firstName: 'Ada', languageCode: 'de' });

  before(async () => {
    emulator = await startTelegramEmulator({
      log: (line) => logLines.push(line),
      webhookRetry: { initialBackoffMs: 20, maxBackoffMs: 50, maxAttempts: 5 },
    });
    telegram = new Telegram(emulator.token, { apiRoot: emulator.apiRoot });
    receiver = await startReceiver();
    await telegram.setWebhook(receiver.url, { secret_token: 'local_SECRET-1' });
  });

  after(async () => {
    await emulator.close();
    await receiver.close();
  });

  beforeEach(() => {
    receiver.respond = () => ({ status: 200 });
    emulator.setFaults({});
  });

  void it('answers getMe with the bot derived from the token', async () => {
    const me = await telegram.getMe();
    assert.equal(me.id, 123456);
    assert.equal(me.is_bot, true);
    assert.equal(me.username, 'sticker_local_bot');
    assert.equal(me.can_join_groups, true);
  });

  void it('delivers a photo update to the webhook with the secret header', async () => {
    const user = newUser();
    const update = await emulator.sendPhoto(user, await jpeg(600, 400), { caption: 'me' });
    await emulator.idle();
    const got = receiver.received.find((r) => r.update.update_id === update.update_id);
    assert.ok(got, 'the receiver got the update');
    assert.equal(got.secret, 'local_SECRET-1');
    const message = (got.update as Update.MessageUpdate<Message.PhotoMessage>).message;
    assert.equal(message.chat.type, 'private');
    assert.equal(message.chat.id, user.userId);
    assert.equal(message.from.language_code, 'de');
    assert.equal(message.caption, 'me');
    const sides = message.photo.map((p) => Math.max(p.width, p.height));
    assert.deepEqual(sides, [90, 320, 600]);
    assert.deepEqual(message.photo.at(-1), update.message.photo.at(-1));
    const info = await telegram.getWebhookInfo();
    assert.equal(info.url, receiver.url);
    assert.equal(info.pending_update_count, 0);
  });

  void it('recompresses photos like Telegram: ordered sizes, largest capped at 1280, EXIF applied', async () => {
    const big = await emulator.sendPhoto(newUser(), await jpeg(2000, 1500));
    const sides = big.message.photo.map((p) => Math.max(p.width, p.height));
    assert.deepEqual(sides, [90, 320, 800, 1280]);
    const largest = big.message.photo.at(-1);
    assert.deepEqual([largest?.width, largest?.height], [1280, 960]);
    const rotated = await sharp(await jpeg(600, 400))
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const upright = (await emulator.sendPhoto(newUser(), rotated)).message.photo.at(-1);
    assert.deepEqual([upright?.width, upright?.height], [400, 600]);
    await emulator.idle();
  });

  void it('serves getFile and the download URL telegraf builds', async () => {
    const update = await emulator.sendPhoto(newUser(), await jpeg(600, 400));
    const largest = update.message.photo.at(-1);
    assert.ok(largest);
    const file = await telegram.getFile(largest.file_id);
    assert.equal(file.file_size, largest.file_size);
    assert.match(file.file_path ?? '', /^photos\/file_\d+\.jpg$/);
    const link = await telegram.getFileLink(file);
    const res = await fetch(link);
    assert.equal(res.status, 200);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.length, largest.file_size);
    const meta = await sharp(bytes).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 600, 400]);

    const doc = await emulator.sendDocument(newUser(), Buffer.from('%PDF-1.4 tiny'), {
      fileName: 'scan.pdf',
      mimeType: 'application/pdf',
    });
    assert.equal(doc.message.document.file_name, 'scan.pdf');
    const docLink = await telegram.getFileLink(doc.message.document.file_id);
    assert.equal(
      Buffer.from(await (await fetch(docLink)).arrayBuffer()).toString(),
      '%PDF-1.4 tiny',
    );
    await rejectsWith(telegram.getFile('no-such-file'), 400);
    await emulator.idle();
  });

  void it('records an uploaded sticker sent as a reply, with bytes and dimensions', async () => {
    const user = newUser();
    const photo = await emulator.sendPhoto(user, await jpeg(600, 400));
    const sticker = await webp(512, 384);
    // Bot API 7.0 deprecated reply_to_message_id, so telegraf's types lack it; Telegram
    // (and telegraf at run time) still pass it through, in multipart as in JSON.
    const legacyReply = { reply_to_message_id: photo.message.message_id } as ExtraSticker;
    const sent = await telegram.sendSticker(user.userId, { source: sticker }, legacyReply);
    assert.equal(sent.message_id, photo.message.message_id + 1);
    assert.deepEqual(sent.from?.id, 123456);
    assert.equal(sent.reply_to_message?.message_id, photo.message.message_id);
    assert.deepEqual(
      [sent.sticker.type, sent.sticker.width, sent.sticker.height, sent.sticker.is_animated],
      ['regular', 512, 384, false],
    );
    const [recorded] = emulator.sentMessages(user.userId);
    assert.ok(recorded?.file);
    assert.equal(recorded.method, 'sendSticker');
    assert.equal(recorded.replyToMessageId, photo.message.message_id);
    assert.ok(recorded.file.data.equals(sticker));
    assert.deepEqual([recorded.file.mimeType, recorded.file.width], ['image/webp', 512]);
    await rejectsWith(telegram.sendSticker(user.userId, { source: await jpeg(64, 64) }), 400);
    await emulator.idle();
  });

  void it('honours reply_parameters sent as a JSON string, and shows telegraf dropping the object form', async () => {
    const user = newUser();
    const photo = await emulator.sendPhoto(user, await jpeg(300, 300));
    const replyTo = { message_id: photo.message.message_id };
    const asString = await telegram.sendSticker(
      user.userId,
      { source: await webp(512, 512) },
      // telegraf types want an object; a string is what survives its multipart encoding.
      { reply_parameters: JSON.stringify(replyTo) as unknown as typeof replyTo },
    );
    assert.equal(asString.reply_to_message?.message_id, replyTo.message_id);

    const asObject = await telegram.sendSticker(
      user.userId,
      { source: await webp(512, 512) },
      { reply_parameters: replyTo },
    );
    assert.equal(asObject.reply_to_message, undefined, 'telegraf 4.16.3 drops it in multipart');
    assert.equal(emulator.calls().at(-1)?.params.reply_parameters, undefined);

    const json = await telegram.sendMessage(user.userId, 'done', { reply_parameters: replyTo });
    assert.equal(json.reply_to_message?.message_id, replyTo.message_id, 'JSON bodies keep it');

    const missing = { message_id: 999_999 };
    const err = await rejectsWith(
      telegram.sendMessage(user.userId, 'x', { reply_parameters: missing }),
      400,
    );
    assert.equal(err.description, 'Bad Request: message to be replied not found');
    const anyway = await telegram.sendMessage(user.userId, 'x', {
      reply_parameters: { ...missing, allow_sending_without_reply: true },
    });
    assert.equal(anyway.reply_to_message, undefined);
    await emulator.idle();
  });

  void it('refuses unknown chats, wrong tokens, unknown methods and bad parameters like Telegram', async () => {
    const notFound = await rejectsWith(telegram.sendMessage(424242, 'hi'), 400);
    assert.equal(notFound.description, 'Bad Request: chat not found');
    const wrong = new Telegram('654321:WRONG-token', { apiRoot: emulator.apiRoot });
    assert.equal((await rejectsWith(wrong.getMe(), 401)).description, 'Unauthorized');
    const unknown = await rejectsWith(telegram.callApi('sendRocket' as 'getMe', {}), 404);
    assert.equal(unknown.description, 'Not Found: method not found');
    const user = newUser();
    await emulator.sendText(user, '/start');
    const action = await rejectsWith(
      telegram.sendChatAction(user.userId, 'dancing' as 'typing'),
      400,
    );
    assert.equal(action.description, 'Bad Request: wrong parameter action in request');
    assert.equal(await telegram.sendChatAction(user.userId, 'choose_sticker'), true);
    const secret = await rejectsWith(
      telegram.setWebhook(receiver.url, { secret_token: 'a b' }),
      400,
    );
    assert.equal(secret.description, 'Bad Request: secret token contains unallowed characters');
    const url = await rejectsWith(
      telegram.sendPhoto(user.userId, 'https://example.com/a.jpg'),
      400,
    );
    assert.equal(url.description, 'Bad Request: failed to get HTTP URL content');
    await emulator.idle();
  });

  void it('injects 429 with retry_after and 500, but never on getMe', async () => {
    const user = newUser();
    await emulator.sendText(user, 'hello');
    emulator.setFaults({ rate429: 1, retryAfter: 7 });
    const limited = await rejectsWith(telegram.sendMessage(user.userId, 'hi'), 429);
    assert.equal(limited.parameters?.retry_after, 7);
    assert.equal(limited.description, 'Too Many Requests: retry after 7');
    assert.equal((await telegram.getMe()).id, 123456);
    emulator.setFaults({ rate500: 1 });
    await rejectsWith(telegram.sendMessage(user.userId, 'hi'), 500);
    emulator.setFaults({});
    assert.equal((await telegram.sendMessage(user.userId, 'hi')).text, 'hi');
    await emulator.idle();
  });

  void it('retries a failing webhook with the same update until it gets a 2xx', async () => {
    receiver.respond = (_update, attempt) => ({ status: attempt <= 2 ? 500 : 200 });
    const update = await emulator.sendText(newUser(), '/start');
    assert.deepEqual(update.message.entities, [{ offset: 0, length: 6, type: 'bot_command' }]);
    await emulator.idle();
    const seen = receiver.received.filter((r) => r.update.update_id === update.update_id);
    assert.equal(seen.length, 3);
    const delivery = emulator.webhookDeliveries().find((d) => d.updateId === update.update_id);
    assert.deepEqual(delivery, {
      updateId: update.update_id,
      attempts: 3,
      status: 'delivered',
      lastStatus: 200,
      lastError: 'Wrong response from the webhook: 500 Internal Server Error',
    });
    const info = await telegram.getWebhookInfo();
    assert.equal(
      info.last_error_message,
      'Wrong response from the webhook: 500 Internal Server Error',
    );
  });

  void it('keeps the order of one chat while a delivery is retried', async () => {
    const user = newUser();
    receiver.respond = (update, attempt) => {
      const text = 'message' in update && 'text' in update.message ? update.message.text : '';
      return { status: text === 'one' && attempt === 1 ? 503 : 200 };
    };
    const first = await emulator.sendText(user, 'one');
    const second = await emulator.sendText(user, 'two');
    await emulator.idle();
    const order = receiver.received
      .filter((r) => 'message' in r.update && r.update.message.chat.id === user.userId)
      .map((r) => r.update.update_id);
    assert.deepEqual(order, [first.update_id, first.update_id, second.update_id]);
  });

  void it('runs a method returned in the webhook response (telegraf webhookReply)', async () => {
    const user = newUser();
    receiver.respond = () => ({
      status: 200,
      body: { method: 'sendChatAction', chat_id: user.userId, action: 'typing' },
    });
    await emulator.sendText(user, 'hi');
    await emulator.idle();
    const call = emulator
      .calls()
      .find((c) => c.viaWebhookReply && c.params.chat_id === user.userId);
    assert.equal(call?.method, 'sendChatAction');
    assert.equal(call.response.ok, true);
  });

  void it('resolves waitForMessage for a message sent later, and times out otherwise', async () => {
    const user = newUser();
    await emulator.sendText(user, 'ping');
    const waiting = emulator.waitForMessage((m) => m.chatId === user.userId && m.text === 'pong');
    await telegram.sendMessage(user.userId, 'pong', {
      reply_markup: { inline_keyboard: [[{ text: 'again', callback_data: 'again' }]] },
    });
    const message = await waiting;
    assert.equal(message.method, 'sendMessage');
    assert.deepEqual(message.replyMarkup, {
      inline_keyboard: [[{ text: 'again', callback_data: 'again' }]],
    });
    await assert.rejects(
      emulator.waitForMessage(() => false, 20),
      /within 20 ms/,
    );
    await emulator.idle();
  });

  void it('serves getUpdates when no webhook is set, and refuses it while one is', async () => {
    await rejectsWith(telegram.getUpdates(0, 100, 0, undefined), 409);
    await telegram.deleteWebhook();
    const update = await emulator.sendText(newUser(), 'polled');
    const updates = await telegram.getUpdates(0, 100, 0, undefined);
    assert.deepEqual(
      updates.map((u) => u.update_id),
      [update.update_id],
    );
    // telegraf's argument order: timeout, limit, offset, allowed_updates.
    const next = telegram
      .getUpdates(5, 100, update.update_id + 1, undefined)
      .then((u) => u.map((x) => x.update_id));
    const later = await emulator.postUpdate({ message: { ...update.message, text: 'raw' } });
    assert.equal(later, undefined);
    const [raw] = await next;
    assert.equal(raw, update.update_id + 1);
    await telegram.getUpdates(0, 1, update.update_id + 2, undefined);
    assert.equal((await telegram.getWebhookInfo()).pending_update_count, 0);
    await telegram.setWebhook(receiver.url, { secret_token: 'local_SECRET-1' });
  });

  void it('logs every call but never the token', async () => {
    const user = newUser();
    const photo = await emulator.sendPhoto(user, await jpeg(200, 100));
    const link = await telegram.getFileLink(photo.message.photo[0]?.file_id ?? '');
    await fetch(link).then((res) => res.arrayBuffer());
    await telegram.sendDocument(user.userId, { source: Buffer.from('a,b\n'), filename: 'x.csv' });
    await emulator.idle();
    const secret = emulator.token.split(':')[1] ?? '';
    assert.ok(logLines.some((l) => l.message === 'file downloaded'));
    assert.ok(logLines.some((l) => l.method === 'sendDocument'));
    assert.ok(logLines.every((l) => !JSON.stringify(l).includes(secret)));
    const [doc] = emulator.sentMessages(user.userId);
    assert.deepEqual([doc?.file?.fileName, doc?.file?.mimeType], ['x.csv', 'text/csv']);
  });
});
