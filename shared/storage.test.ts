import assert from 'node:assert/strict';
import { test } from 'node:test';
import { File, Storage, type StorageOptions } from '@google-cloud/storage';
import { LOCAL_OPERATOR } from '../emulators/iam/local-plan';
import { startStorageEmulator, type StorageEmulator } from '../emulators/storage/server';
import { EMULATOR_SERVICE_ACCOUNT, emulatorAuthClient } from './emulator-identity';
import { createObjectStore, createStorage, STORAGE_RETRY } from './storage';

type LogLine = Record<string, unknown>;

async function withEmulator(
  fn: (emu: StorageEmulator, faultsInjected: () => number) => Promise<void>,
): Promise<void> {
  const logs: LogLine[] = [];
  const emu = await startStorageEmulator({ log: (line) => logs.push(line) });
  try {
    await fn(emu, () => logs.filter((l) => l['message'] === 'fault injected').length);
  } finally {
    await emu.close();
  }
}

/** Fails the next request(s) with 503 until `n` faults were injected, then heals. */
async function failNext(
  emu: StorageEmulator,
  faultsInjected: () => number,
  n: number,
): Promise<void> {
  const until = faultsInjected() + n;
  emu.setFaults({ errorRate: 1 });
  while (faultsInjected() < until) await new Promise((r) => setTimeout(r, 2));
  emu.setFaults({ errorRate: 0 });
}

/** An ObjectStore on `storage` (the functions' client unless given) with `bucket` made. */
async function storeWith(emu: StorageEmulator, bucket: string, storage?: Storage) {
  const client =
    storage ??
    createStorage(
      { apiEndpoint: emu.url, projectId: 'local' },
      { [EMULATOR_SERVICE_ACCOUNT]: LOCAL_OPERATOR },
    );
  await client.createBucket(bucket);
  return createObjectStore(client);
}

/** A store on `emu` holding the first generation of stickers/c (JSON "1"). */
async function firstGeneration(emu: StorageEmulator) {
  const store = await storeWith(emu, 'stickers');
  const json = { contentType: 'application/json' };
  const first = await store.create('stickers', 'c', Buffer.from('1'), json);
  assert.ok(first !== 'exists');
  return { store, json, first };
}

// The sender releases its delivery claim with an unconditional delete: under the
// client's default strategy one 503 there left the claim behind for a whole lease.
test('an unconditional remove survives a 503 (the functions client retries it)', async () => {
  await withEmulator(async (emu, faultsInjected) => {
    const store = await storeWith(emu, 'stickers');
    const body = Buffer.from('{}');
    const made = await store.create('stickers', 'sent/1/2.claim', body, { contentType: 'x/y' });
    assert.notEqual(made, 'exists');

    const removing = store.remove('stickers', 'sent/1/2.claim');
    await failNext(emu, faultsInjected, 1);
    assert.equal(await removing, true);
    assert.equal(await store.exists('stickers', 'sent/1/2.claim'), false);
  });
});

test('with the library default strategy the same 503 reaches the caller', async () => {
  await withEmulator(async (emu, faultsInjected) => {
    const { idempotencyStrategy: _, ...rest } = STORAGE_RETRY;
    const storage = new Storage({
      apiEndpoint: emu.url,
      projectId: 'local',
      retryOptions: rest,
      useAuthWithCustomEndpoint: true,
      authClient: emulatorAuthClient(LOCAL_OPERATOR) as unknown as StorageOptions['authClient'],
    });
    const store = await storeWith(emu, 'stickers', storage);
    await store.create('stickers', 'claim', Buffer.from('{}'), { contentType: 'x/y' });
    const outcome = store.remove('stickers', 'claim').then(
      () => 'removed',
      (err: unknown) => err,
    );
    await failNext(emu, faultsInjected, 1);
    assert.match(String(await outcome), /Service Unavailable/);
    assert.equal(await store.exists('stickers', 'claim'), true, 'the claim was left behind');
  });
});

test('a create, a read and a conditional remove each survive a 503', async () => {
  await withEmulator(async (emu, faultsInjected) => {
    const store = await storeWith(emu, 'uploads');
    const data = Buffer.from('photo bytes');

    const creating = store.create('uploads', 'a.jpg', data, {
      contentType: 'image/jpeg',
      metadata: { chatId: '7' },
    });
    await failNext(emu, faultsInjected, 1);
    const created = await creating;
    assert.notEqual(created, 'exists');

    const reading = store.read('uploads', 'a.jpg');
    await failNext(emu, faultsInjected, 1);
    const got = await reading;
    assert.ok(got?.data.equals(data));
    assert.equal(got?.metadata['chatId'], '7');

    assert.equal(got?.generation, created === 'exists' ? '' : created.generation);
    const stat = await store.stat('uploads', 'a.jpg');
    assert.ok(stat);
    const removing = store.remove('uploads', 'a.jpg', { ifGenerationMatch: stat.generation });
    await failNext(emu, faultsInjected, 1);
    assert.equal(await removing, true);
    assert.equal(await store.stat('uploads', 'a.jpg'), null);
  });
});

test('create and replace return the generation they wrote; a stale generation changes nothing', async () => {
  await withEmulator(async (emu) => {
    const { store, json, first } = await firstGeneration(emu);
    assert.equal((await store.stat('stickers', 'c'))?.generation, first.generation);
    assert.equal(await store.create('stickers', 'c', Buffer.from('x'), json), 'exists');

    const second = await store.replace('stickers', 'c', Buffer.from('2'), {
      ...json,
      ifGenerationMatch: first.generation,
    });
    assert.ok(second !== 'changed');
    assert.notEqual(second.generation, first.generation);
    const read = await store.read('stickers', 'c');
    assert.equal(read?.data.toString(), '2');
    assert.equal(read?.generation, second.generation);

    // The first generation's holder can neither overwrite nor delete what replaced it.
    const stale = { ...json, ifGenerationMatch: first.generation };
    assert.equal(await store.replace('stickers', 'c', Buffer.from('3'), stale), 'changed');
    assert.equal(
      await store.remove('stickers', 'c', { ifGenerationMatch: first.generation }),
      false,
    );
    assert.equal((await store.read('stickers', 'c'))?.data.toString(), '2');
    // Nor recreate one that is gone.
    await store.remove('stickers', 'c');
    const gone = { ...json, ifGenerationMatch: second.generation };
    assert.equal(await store.replace('stickers', 'c', Buffer.from('4'), gone), 'changed');
  });
});

test('a read asks for the metadata and the live bytes at once, and pins nothing when they agree', async () => {
  const logs: LogLine[] = [];
  const emu = await startStorageEmulator({ log: (line) => logs.push(line) });
  try {
    const store = await storeWith(emu, 'stickers');
    const made = await store.create('stickers', 's.webp', Buffer.from('sticker'), {
      contentType: 'image/webp',
      metadata: { caption: 'größer 😀' },
    });
    assert.ok(made !== 'exists');
    logs.length = 0;
    const got = await store.read('stickers', 's.webp');
    assert.equal(got?.data.toString(), 'sticker');
    assert.equal(got?.generation, made.generation);
    assert.equal(got?.metadata['caption'], 'größer 😀');
    const gets = logs.filter((l) => l['message'] === 'request').map((l) => String(l['path']));
    assert.equal(gets.length, 2, gets.join(' '));
    assert.ok(
      gets.every((p) => !p.includes('generation=')),
      gets.join(' '),
    );
  } finally {
    await emu.close();
  }
});

test('a read whose metadata is older than the bytes it got keeps the generation the metadata names', async () => {
  await withEmulator(async (emu) => {
    const { store, json, first } = await firstGeneration(emu);
    const storage = createStorage(
      { apiEndpoint: emu.url, projectId: 'local' },
      { [EMULATOR_SERVICE_ACCOUNT]: LOCAL_OPERATOR },
    );
    const [stale] = await storage.bucket('stickers').file('c').getMetadata();
    const second = await store.replace('stickers', 'c', Buffer.from('2'), {
      ...json,
      ifGenerationMatch: first.generation,
    });
    assert.ok(second !== 'changed');
    // The metadata answer describes the first generation, the media answer the second:
    // as when the object is replaced between the two. The first generation is gone.
    const proto = File.prototype as unknown as { getMetadata: () => Promise<unknown> };
    const real = proto.getMetadata;
    proto.getMetadata = () => Promise.resolve([stale]);
    try {
      assert.equal(await store.read('stickers', 'c'), null);
    } finally {
      proto.getMetadata = real;
    }
    assert.equal((await store.read('stickers', 'c'))?.generation, second.generation);
  });
});
