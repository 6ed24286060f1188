import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  claimMarkerName,
  decodeClaim,
  encodeClaim,
  sentMarkerName,
} from '../../shared/delivery-record';
import { createMemoryObjectStore, type ObjectStore } from '../../shared/storage';
import { captureLogsInSuite, withServer } from '../../shared/testing';
import { advanceClaim, claimDelivery, releaseClaim } from './claim';
import { createSenderHandler, type SenderBotApi } from './handler';
import { BUCKET, STICKER, publishReply, senderTestServer } from './test-fixtures';

const LEASE_MS = 90_000;
const JSON_TYPE = { contentType: 'application/json' };
const CLAIM = `${BUCKET}/${claimMarkerName(77, 5001)}`;
const MARKER = sentMarkerName(77, 5001);

/** A sender on an in-memory store; `sends` counts the Bot API calls that went out. */
function setup(opts: { failMarkerWrites?: number; hangFirst?: boolean } = {}) {
  const memory = createMemoryObjectStore();
  let markerFailures = opts.failMarkerWrites ?? 0;
  const store: ObjectStore = {
    ...memory,
    create(bucket, name, data, o) {
      if (name.endsWith('.json') && markerFailures > 0) {
        markerFailures--;
        return Promise.reject(new Error('503 Service Unavailable'));
      }
      return memory.create(bucket, name, data, o);
    },
  };
  let sends = 0;
  let hang = opts.hangFirst ?? false;
  const telegram = {
    sendSticker: () => {
      sends++;
      if (hang) {
        hang = false;
        // what the bounded client (shared/telegram.ts) turns a call with no answer into
        return Promise.reject(new Error('no answer within 15000 ms: call abandoned'));
      }
      return Promise.resolve({ message_id: 900 + sends });
    },
    sendMessage: () => Promise.resolve({ message_id: 1 }),
  } as unknown as SenderBotApi;
  const server = senderTestServer('sender', createSenderHandler, {
    store,
    telegram,
    claimLeaseMs: LEASE_MS,
  });
  const push = (url: string) => publishReply(url, STICKER, 'm');
  return { memory, server, push, sends: () => sends };
}

async function withSticker(memory: ObjectStore): Promise<void> {
  await memory.create(BUCKET, '77/5001.webp', Buffer.from('webp'), { contentType: 'image/webp' });
}

describe('sender: one sticker per photo, whatever fails between send and record', () => {
  captureLogsInSuite();

  test('a delivered sticker is deleted at once; the marker stays, the claim goes', async () => {
    const { memory, server, push, sends } = setup();
    await withSticker(memory);
    await withServer(server, async (url) => {
      assert.equal((await push(url)).status, 204);
      assert.equal(sends(), 1);
      assert.equal(await memory.exists(BUCKET, '77/5001.webp'), false, 'sticker deleted');
      assert.equal(await memory.exists(BUCKET, MARKER), true, 'marker kept');
      assert.equal(memory.objects.has(CLAIM), false, 'claim released');
      // A redelivery finds the marker: no second sticker, no "sticker missing" apology.
      assert.equal((await push(url)).status, 204);
      assert.equal(sends(), 1);
    });
  });

  test('a call with no answer releases the claim: the redelivery sends at once', async () => {
    const { memory, server, push, sends } = setup({ hangFirst: true });
    await withSticker(memory);
    await withServer(server, async (url) => {
      assert.equal((await push(url)).status, 500, 'abandoned call: redeliver');
      assert.equal(memory.objects.has(CLAIM), false, 'released without waiting for the lease');
      assert.equal((await push(url)).status, 204);
      assert.equal(sends(), 2);
    });
  });

  test('when the marker cannot be written, the claim records the send', async () => {
    const { memory, server, push, sends } = setup({ failMarkerWrites: 2 });
    await withSticker(memory);
    await withServer(server, async (url) => {
      assert.equal((await push(url)).status, 204);
      assert.equal(decodeClaim(memory.objects.get(CLAIM)!.data).state, 'sent');
      // Long after any lease, a redelivery still does not send again, and repairs the marker.
      memory.objects.get(CLAIM)!.created = new Date(Date.now() - 10 * LEASE_MS);
      assert.equal((await push(url)).status, 204);
      assert.equal(sends(), 1);
      assert.equal(await memory.exists(BUCKET, MARKER), true);
      assert.equal(memory.objects.has(CLAIM), false);
    });
  });

  test('a holder that died during its call is not sent for again (in doubt: no duplicate)', async () => {
    const { memory, server, push, sends } = setup();
    await withSticker(memory);
    await memory.create(
      BUCKET,
      claimMarkerName(77, 5001),
      encodeClaim('sending', 'dead'),
      JSON_TYPE,
    );
    await withServer(server, async (url) => {
      assert.equal((await push(url)).status, 500, 'its lease still runs: redeliver later');
      memory.objects.get(CLAIM)!.created = new Date(Date.now() - LEASE_MS - 1000);
      assert.equal((await push(url)).status, 204);
      assert.equal(sends(), 0);
      const marker = await memory.read(BUCKET, MARKER);
      assert.equal(JSON.parse(marker!.data.toString()).inDoubt, true);
    });
  });
});

describe('delivery claim (claim.ts): only its holder may change or release it', () => {
  test('a slow holder cannot release, nor move on, a claim taken over after its lease', async () => {
    const store = createMemoryObjectStore();
    const name = claimMarkerName(1, 2);
    const slow = await claimDelivery(store, BUCKET, name, LEASE_MS);
    assert.equal(slow.kind, 'held');
    if (slow.kind !== 'held') return;
    assert.equal((await claimDelivery(store, BUCKET, name, LEASE_MS)).kind, 'busy');
    store.objects.get(`${BUCKET}/${name}`)!.created = new Date(Date.now() - LEASE_MS - 1);
    const next = await claimDelivery(store, BUCKET, name, LEASE_MS);
    assert.equal(next.kind, 'held', 'an expired claimed claim is taken over');
    assert.equal(await releaseClaim(store, BUCKET, name, slow.generation), false);
    assert.equal(await advanceClaim(store, BUCKET, name, slow, 'sending'), null);
    assert.equal(store.objects.has(`${BUCKET}/${name}`), true, 'the new holder keeps it');
    if (next.kind !== 'held') return;
    const sending = await advanceClaim(store, BUCKET, name, next, 'sending');
    assert.ok(sending);
    assert.equal(await releaseClaim(store, BUCKET, name, sending), true);
  });

  test('a write whose answer was lost still counts as the holder’s own', async () => {
    const memory = createMemoryObjectStore();
    // Storage wrote the claim, then the answer was lost; the client's retry meets 412.
    const lostAnswer: ObjectStore = {
      ...memory,
      async create(bucket, name, data, o) {
        await memory.create(bucket, name, data, o);
        return 'exists';
      },
      async replace(bucket, name, data, o) {
        await memory.replace(bucket, name, data, o);
        return 'changed';
      },
    };
    const name = claimMarkerName(1, 3);
    const held = await claimDelivery(lostAnswer, BUCKET, name, LEASE_MS);
    assert.equal(held.kind, 'held');
    if (held.kind !== 'held') return;
    const sending = await advanceClaim(lostAnswer, BUCKET, name, held, 'sending');
    assert.equal(sending, memory.objects.get(`${BUCKET}/${name}`)?.generation);
  });
});
