import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { claimMarkerName, sentMarkerName } from '../../shared/delivery-record';
import type { ReplyMessageInput } from '../../shared/reply-message';
import { createMemoryObjectStore } from '../../shared/storage';
import { captureLogsInSuite, telegramError, withServer } from '../../shared/testing';
import { createDeadLetterHandler } from './dead-letter';
import { createSenderHandler, type SenderBotApi } from './handler';
import { BUCKET, STICKER, publishReply, senderTestServer } from './test-fixtures';

/** What a cold matting instance publishes for chat 77 (update 5001) while its model loads. */
const ACTION: ReplyMessageInput = {
  v: 1,
  kind: 'chat_action',
  chatId: 77,
  replyTo: 10,
  updateId: 5001,
  action: 'choose_sticker',
};

/** A Bot API fake: records every call; sendChatAction fails with the given codes in turn. */
function setup(failures: number[] = [], entry = createSenderHandler) {
  const store = createMemoryObjectStore();
  const calls: unknown[][] = [];
  const record = (method: string) => (chatId: unknown, arg: unknown) => {
    calls.push([method, chatId, arg]);
    const code = failures.shift();
    if (code) return Promise.reject(telegramError(code, 'fake', { retry_after: 30 }));
    return Promise.resolve(method === 'sendChatAction' ? true : { message_id: 1 });
  };
  const telegram = {
    sendChatAction: record('sendChatAction'),
    sendMessage: record('sendMessage'),
    sendSticker: record('sendSticker'),
  } as unknown as SenderBotApi;
  const name = entry === createSenderHandler ? 'sender' : 'dead-letter';
  const server = senderTestServer(name, entry, { store, telegram });
  return { store, calls, server };
}

describe('sender: chat_action messages (cold matting start)', () => {
  const logs = captureLogsInSuite();

  test('shows the chat action once, with no delivery claim or record', async () => {
    const { store, calls, server } = setup();
    await withServer(server, async (url) => {
      assert.equal((await publishReply(url, ACTION)).status, 204);
      assert.deepEqual(calls, [['sendChatAction', 77, 'choose_sticker']]);
      assert.equal(await store.exists(BUCKET, sentMarkerName(77, 5001)), false);
      assert.equal(await store.exists(BUCKET, claimMarkerName(77, 5001)), false);
      // the photo's own answer is then delivered as usual
      await store.create(BUCKET, STICKER.object, Buffer.from('webp'), {
        contentType: 'image/webp',
      });
      assert.equal((await publishReply(url, STICKER, 'm2')).status, 204);
      assert.equal(calls[1]?.[0], 'sendSticker');
    });
  });

  test('a failed chat action is acknowledged, never retried (429, 500, 403)', async () => {
    const { calls, server } = setup([429, 500, 403]);
    await withServer(server, async (url) => {
      for (const id of ['a', 'b', 'c']) {
        assert.equal((await publishReply(url, ACTION, id)).status, 204, id);
      }
      assert.equal(calls.length, 3, 'one call per message, no in-process retry');
      const warned = logs.lines.filter((l) =>
        String(l.message).startsWith('chat action not shown'),
      );
      assert.equal(warned.length, 3);
    });
  });

  test('a chat action arriving after its photo was answered is dropped', async () => {
    const { store, calls, server } = setup();
    await store.create(BUCKET, sentMarkerName(77, 5001), Buffer.from('{}'), {
      contentType: 'application/json',
    });
    await withServer(server, async (url) => {
      assert.equal((await publishReply(url, ACTION)).status, 204);
      assert.deepEqual(calls, []);
    });
  });

  test('an unknown kind (a newer publisher) is acknowledged and logged, not redelivered', async () => {
    const { calls, server } = setup();
    const unknown = JSON.stringify({ ...ACTION, kind: 'poll', action: undefined });
    await withServer(server, async (url) => {
      assert.equal((await publishReply(url, unknown)).status, 204);
      assert.deepEqual(calls, []);
      // what an older sender does with a chat_action: acknowledged, logged as an error
      const line = logs.lines.find((l) => (l.err as { name?: string })?.name === 'BugError');
      assert.match(String((line?.err as { message?: string })?.message), /discriminator/);
    });
  });

  test('a dead-lettered chat action gets no apology', async () => {
    const { calls, server } = setup([], createDeadLetterHandler);
    await withServer(server, async (url) => {
      assert.equal((await publishReply(url, ACTION)).status, 204);
      assert.deepEqual(calls, []);
    });
  });
});
