import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cloudEvent } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { createLogger } from '../../shared/log';
import { encodeReply } from '../../shared/reply-message';
import { createMemoryObjectStore } from '../../shared/storage';
import { captureLogsInSuite, listen } from '../../shared/testing';
import { encodeUploadMetadata } from '../../shared/upload-object';
import { createDeadLetterHandler } from './dead-letter';
import { sentMarkerName, type MessagePublishedData, type SenderBotApi } from './handler';

const BUCKET = 'stickers-test';
let n = 0;

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
  const name = `dead-letter-test-${++n}`;
  cloudEvent<MessagePublishedData>(
    name,
    createDeadLetterHandler({
      config: { stickersBucket: BUCKET },
      store,
      telegram,
      log: createLogger({ function: 'dead-letter' }),
    }),
  );
  return { store, sent, server: getTestServer(name) };
}

function deadLetter(url: string, data: Buffer) {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'ce-id': 'd1',
      'ce-specversion': '1.0',
      'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
      'ce-source': '//pubsub.googleapis.com/projects/p/topics/sticker-dead-letter',
    },
    body: JSON.stringify({
      message: {
        data: data.toString('base64'),
        messageId: 'd1',
        attributes: { CloudPubSubDeadLetterSourceDeliveryCount: '10' },
      },
      subscription: 'projects/p/subscriptions/sticker-dead-letter',
    }),
  });
}

describe('dead-letter entry point', () => {
  const logs = captureLogsInSuite();

  test('an undeliverable reply ends in one apology, with the update id logged', async () => {
    const { sent, server } = setup();
    const srv = await listen(server);
    try {
      const { data } = encodeReply({
        v: 1,
        kind: 'sticker',
        chatId: 9,
        replyTo: 4,
        updateId: 321,
        bucket: BUCKET,
        object: '9/321.webp',
      });
      assert.equal((await deadLetter(srv.url, data)).status, 204);
      assert.equal((await deadLetter(srv.url, data)).status, 204);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]?.chatId, 9);
      assert.match(String(sent[0]?.text), /went wrong/);
      const line = logs.lines.find(
        (l) => l.message === 'gave up on this photo after the last delivery attempt',
      );
      assert.equal(line?.updateId, 321);
    } finally {
      await srv.close();
    }
  });

  test('a storage event matting gave up on also ends in an apology', async () => {
    const { sent, server } = setup();
    const srv = await listen(server);
    try {
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
      assert.equal((await deadLetter(srv.url, Buffer.from(JSON.stringify(object)))).status, 204);
      assert.equal(sent.length, 1);
      assert.deepEqual(sent[0]?.extra, {
        reply_parameters: { message_id: 5, allow_sending_without_reply: true },
      });
    } finally {
      await srv.close();
    }
  });

  test('no apology when the user already got their answer; garbage is dropped', async () => {
    const { store, sent, server } = setup();
    await store.create(BUCKET, sentMarkerName(9, 323), Buffer.from('{}'), {
      contentType: 'application/json',
    });
    const srv = await listen(server);
    try {
      const { data } = encodeReply({
        v: 1,
        kind: 'text',
        chatId: 9,
        updateId: 323,
        key: 'no_person',
        params: {},
      });
      assert.equal((await deadLetter(srv.url, data)).status, 204);
      assert.equal((await deadLetter(srv.url, Buffer.from('garbage'))).status, 204);
      assert.equal(sent.length, 0);
    } finally {
      await srv.close();
    }
  });
});
