import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeReply } from '../../shared/reply-message';
import { createMemoryObjectStore } from '../../shared/storage';
import { captureLogsInSuite, postPublished, withServer } from '../../shared/testing';
import { DEAD_LETTER_TOPIC } from '../../shared/topics';
import { encodeUploadMetadata } from '../../shared/upload-object';
import { createDeadLetterHandler } from './dead-letter';
import { sentMarkerName } from '../../shared/delivery-record';
import { type SenderBotApi } from './handler';
import { BUCKET, STICKER, senderTestServer } from './test-fixtures';

function setup() {
  const store = createMemoryObjectStore();
  const sent: { chatId: unknown; text: unknown; extra: unknown }[] = [];
  const telegram = {
    sendMessage: (chatId: unknown, text: unknown, extra: unknown) => {
      sent.push({ chatId, text, extra });
      return Promise.resolve({ message_id: 1 });
    },
    sendSticker: () => Promise.reject(new Error('no stickers on the dead-letter path')),
  } as unknown as SenderBotApi;
  const server = senderTestServer('dead-letter', createDeadLetterHandler, { store, telegram });
  return { store, sent, server };
}

function deadLetter(url: string, data: Buffer) {
  const attributes = { CloudPubSubDeadLetterSourceDeliveryCount: '10' };
  return postPublished(url, DEAD_LETTER_TOPIC, 'sticker-dead-letter', {
    data,
    id: 'd1',
    attributes,
  });
}

describe('dead-letter entry point', () => {
  const logs = captureLogsInSuite();

  test('an undeliverable reply ends in one apology, with the update id logged', async () => {
    const { sent, server } = setup();
    await withServer(server, async (url) => {
      const sticker = { ...STICKER, chatId: 9, replyTo: 4, updateId: 321, object: '9/321.webp' };
      const { data } = encodeReply(sticker);
      assert.equal((await deadLetter(url, data)).status, 204);
      assert.equal((await deadLetter(url, data)).status, 204);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]?.chatId, 9);
      assert.match(String(sent[0]?.text), /went wrong/);
      const line = logs.lines.find(
        (l) => l.message === 'gave up on this photo after the last delivery attempt',
      );
      assert.equal(line?.updateId, 321);
    });
  });

  test('a storage event matting gave up on also ends in an apology', async () => {
    const { sent, server } = setup();
    await withServer(server, async (url) => {
      const object = {
        bucket: 'uploads',
        name: '9/322',
        metadata: encodeUploadMetadata({
          chatId: 9,
          messageId: 5,
          updateId: 322,
          source: 'photo',
          languageCode: 'en',
        }),
      };
      assert.equal((await deadLetter(url, Buffer.from(JSON.stringify(object)))).status, 204);
      assert.equal(sent.length, 1);
      assert.deepEqual(sent[0]?.extra, {
        reply_parameters: { message_id: 5, allow_sending_without_reply: true },
      });
    });
  });

  test('no apology when the user already got their answer; garbage is dropped', async () => {
    const { store, sent, server } = setup();
    await store.create(BUCKET, sentMarkerName(9, 323), Buffer.from('{}'), {
      contentType: 'application/json',
    });
    await withServer(server, async (url) => {
      const { data } = encodeReply({
        v: 1,
        kind: 'text',
        chatId: 9,
        updateId: 323,
        key: 'no_person',
        params: {},
      });
      assert.equal((await deadLetter(url, data)).status, 204);
      assert.equal((await deadLetter(url, Buffer.from('garbage'))).status, 204);
      assert.equal(sent.length, 0);
    });
  });
});
