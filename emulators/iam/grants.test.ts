/**
 * The deploy plan's Storage grants, exercised with the functions' own ObjectStore against
 * the enforcing Storage emulator, each call made as the account deploy gives that function.
 * These are the calls the chain makes (functions/*), so a grant deploy is missing fails
 * here the way it would fail deployed, and a grant wider than needed shows as a call that
 * should be refused but is not.
 *
 * Run: node --import tsx --test emulators/iam/grants.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EMULATOR_SERVICE_ACCOUNT } from '../../shared/emulator-identity';
import { ConfigError } from '../../shared/errors';
import {
  createObjectStore,
  createStorage,
  type Created,
  type ObjectStore,
} from '../../shared/storage';
import { stickerObjectName } from '../../shared/upload-object';
import { claimMarkerName, sentMarkerName } from '../../shared/delivery-record';
import { startStorageEmulator, type StorageEmulator } from '../storage/server';
import { storageAs } from '../stack/identities';
import { localIam, type FunctionAccounts } from './local-plan';

const UPLOADS = 'sticker-uploads-local';
const STICKERS = 'sticker-stickers-local';
const iam = localIam({
  projectId: 'local-project',
  uploadsBucket: UPLOADS,
  stickersBucket: STICKERS,
});
const body = Buffer.from('{}');
const json = { contentType: 'application/json' };

let emu: StorageEmulator;
const as: Partial<Record<keyof FunctionAccounts | 'anonymous', ObjectStore>> = {};
const store = (who: keyof typeof as) => as[who] ?? assert.fail(`no store for ${who}`);

before(async () => {
  emu = await startStorageEmulator({ iam: iam.policy });
  const operator = storageAs(emu.url, 'local-project');
  await Promise.all([operator.createBucket(UPLOADS), operator.createBucket(STICKERS)]);
  for (const [fn, email] of Object.entries(iam.accounts)) {
    const env = { [EMULATOR_SERVICE_ACCOUNT]: email };
    as[fn as keyof FunctionAccounts] = createObjectStore(
      createStorage({ apiEndpoint: emu.url, projectId: 'local-project' }, env),
    );
  }
  as.anonymous = createObjectStore(createStorage({ apiEndpoint: emu.url, projectId: 'x' }, {}));
});
after(() => emu.close());

/** Asserts a call is refused as IAM refuses it: a ConfigError carrying Google's 403. */
async function refused(call: Promise<unknown>, status = 403): Promise<void> {
  await assert.rejects(call, (err: unknown) => {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    assert.equal((err.cause as { code?: number }).code, status);
    return true;
  });
}

describe('the delivery claim (sender and dead-letter)', () => {
  for (const fn of ['sender', 'deadLetter'] as const) {
    it(`${fn} takes, releases and takes over a claim`, async () => {
      const claim = claimMarkerName(7, fn.length);
      const made = await store(fn).create(STICKERS, claim, body, json);
      assert.notEqual(made, 'exists');
      assert.equal(await store(fn).create(STICKERS, claim, body, json), 'exists');
      // Marked `sending` by its holder: an overwrite of exactly its own generation.
      const marked = await store(fn).replace(STICKERS, claim, body, {
        ...json,
        ifGenerationMatch: (made as Created).generation,
      });
      assert.notEqual(marked, 'changed');
      // Released after a failed send: a delete of the holder's own generation.
      const mine = { ifGenerationMatch: (marked as Created).generation };
      assert.equal(await store(fn).remove(STICKERS, claim, mine), true);
      // Taken over when the lease ran out: a delete of exactly the generation seen.
      await store(fn).create(STICKERS, claim, body, json);
      const held = await store(fn).stat(STICKERS, claim);
      assert.ok(held);
      assert.equal(
        await store(fn).remove(STICKERS, claim, { ifGenerationMatch: held.generation }),
        true,
      );
    });

    it(`${fn} records a send but can never delete or overwrite the record`, async () => {
      const marker = sentMarkerName(7, fn.length);
      assert.notEqual(await store(fn).create(STICKERS, marker, body, json), 'exists');
      assert.equal(await store(fn).exists(STICKERS, marker), true);
      await refused(store(fn).remove(STICKERS, marker));
    });
  }

  it('only the sender may delete a sticker it delivered', async () => {
    const sticker = stickerObjectName(7, 1);
    await store('matting').create(STICKERS, sticker, body, { contentType: 'image/webp' });
    await refused(store('deadLetter').remove(STICKERS, sticker));
    await refused(store('matting').remove(STICKERS, sticker));
    assert.equal(await store('sender').remove(STICKERS, sticker), true);
    const clip = stickerObjectName(7, 2, 'clip');
    await store('matting').create(STICKERS, clip, body, { contentType: 'video/webm' });
    await refused(store('deadLetter').remove(STICKERS, clip));
    assert.equal(await store('sender').remove(STICKERS, clip), true);
  });
});

describe('the rest of the chain', () => {
  it('webhook writes uploads and reads nothing', async () => {
    assert.notEqual(await store('webhook').create(UPLOADS, '7/2', body, json), 'exists');
    await refused(store('webhook').read(UPLOADS, '7/2'));
    await refused(store('webhook').exists(STICKERS, '7/2.webp'));
  });

  it('matting reads and deletes its upload, writes a sticker, cannot write uploads', async () => {
    await store('webhook').create(UPLOADS, '7/3', body, json);
    assert.ok(await store('matting').read(UPLOADS, '7/3'));
    await refused(store('matting').create(UPLOADS, '7/4', body, json));
    assert.equal(await store('matting').exists(STICKERS, '7/3.webp'), false);
    await store('matting').create(STICKERS, '7/3.webp', body, { contentType: 'image/webp' });
    assert.equal(await store('matting').remove(UPLOADS, '7/3'), true);
    await refused(store('sender').read(UPLOADS, '7/3'));
  });

  it('a call without credentials is refused with 401', async () => {
    await refused(store('anonymous').exists(STICKERS, '7/3.webp'), 401);
  });
});
