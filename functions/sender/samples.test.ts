import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createLogger } from '../../shared/log';
import { decodeReply, encodeReply } from '../../shared/reply-message';
import { createMemoryObjectStore } from '../../shared/storage';
import {
  captureLogsInSuite,
  cloudEventTestServer,
  readHeaderFile,
  withServer,
} from '../../shared/testing';
import { createSenderHandler, type MessagePublishedData, type SenderBotApi } from './handler';

/**
 * The README's sender samples: a messagePublished CloudEvent in binary content mode
 * (`published.headers` + `published.json`) and the raw Pub/Sub push body the emulator
 * posts (`push.json`). Their message data must be what matting publishes, i.e. pass the
 * reply schema, and both must reach the handler through the Functions Framework.
 */
const dir = path.join(__dirname, 'samples');
const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');
const headers = readHeaderFile(path.join(dir, 'published.headers'));
const messageOf = (file: string) =>
  (JSON.parse(read(file)) as Required<MessagePublishedData>).message as {
    data: string;
    attributes: Record<string, string>;
  };

describe('sender samples', () => {
  captureLogsInSuite();

  test('the message data of both samples is a valid reply, attributes included', () => {
    assert.equal(headers['ce-type'], 'google.cloud.pubsub.topic.v1.messagePublished');
    assert.equal(headers['ce-specversion'], '1.0');
    assert.equal(headers['content-type'], 'application/json');
    for (const file of ['published.json', 'push.json']) {
      const message = messageOf(file);
      const reply = decodeReply(Buffer.from(message.data, 'base64'));
      assert.deepEqual(message.attributes, encodeReply(reply).attributes, file);
    }
    assert.equal(
      decodeReply(Buffer.from(messageOf('published.json').data, 'base64')).kind,
      'sticker',
    );
    assert.equal(decodeReply(Buffer.from(messageOf('push.json').data, 'base64')).kind, 'text');
  });

  test('sent as the README sends them, the sticker and the text reach the chat', async () => {
    const sticker = decodeReply(Buffer.from(messageOf('published.json').data, 'base64'));
    assert.equal(sticker.kind, 'sticker');
    const store = createMemoryObjectStore();
    await store.create(sticker.bucket, sticker.object, Buffer.from('RIFF....WEBP'), {
      contentType: 'image/webp',
    });
    const calls: { method: string; chatId: unknown }[] = [];
    const telegram = {
      sendSticker: (chatId: unknown) => {
        calls.push({ method: 'sendSticker', chatId });
        return Promise.resolve({ message_id: 1 });
      },
      sendMessage: (chatId: unknown) => {
        calls.push({ method: 'sendMessage', chatId });
        return Promise.resolve({ message_id: 2 });
      },
    } as unknown as SenderBotApi;
    const server = cloudEventTestServer<MessagePublishedData>(
      'sender-samples',
      createSenderHandler({
        config: { stickersBucket: sticker.bucket },
        store,
        telegram,
        log: createLogger({ function: 'sender' }),
      }),
    );
    await withServer(server, async (url) => {
      const published = await fetch(url, {
        method: 'POST',
        headers,
        body: read('published.json'),
      });
      assert.equal(published.status, 204);
      // The push path the emulator's subscription uses; the framework makes it a CloudEvent.
      const push = await fetch(`${url}/projects/local-project/topics/sticker-replies`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: read('push.json'),
      });
      assert.equal(push.status, 204);
    });
    assert.deepEqual(calls, [
      { method: 'sendSticker', chatId: sticker.chatId },
      { method: 'sendMessage', chatId: sticker.chatId },
    ]);
  });
});
