import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { createLogger } from '../../shared/log';
import { ReplyMessageSchema, type ReplyMessage } from '../../shared/reply-message';
import { createMemoryObjectStore } from '../../shared/storage';
import {
  captureLogsInSuite,
  cloudEventTestServer,
  readHeaderFile,
  withServer,
} from '../../shared/testing';
import {
  decodeUploadMetadata,
  stickerObjectName,
  uploadObjectName,
} from '../../shared/upload-object';
import { createMattingHandler, type StorageObjectData } from './handler';

/**
 * The README's matting sample: a finalized CloudEvent in binary content mode (headers in
 * `finalized.headers`, for `curl -H @file`; the object resource in `finalized.json`) about
 * the transparent `cutout.png`. Checked against the schemas and the handler, so the
 * sample and what `npm run emulators` seeds for it stay true.
 */
const dir = path.join(__dirname, 'samples');
const headers = readHeaderFile(path.join(dir, 'finalized.headers'));
const body = readFileSync(path.join(dir, 'finalized.json'), 'utf8');
const object = JSON.parse(body) as Required<StorageObjectData> & { md5Hash: string };
const cutout = readFileSync(path.join(dir, 'cutout.png'));

describe('matting samples', () => {
  captureLogsInSuite();

  test('finalized.headers is a binary-mode finalized event about finalized.json', () => {
    assert.equal(headers['ce-specversion'], '1.0');
    assert.equal(headers['ce-type'], 'google.cloud.storage.object.v1.finalized');
    assert.equal(
      headers['ce-source'],
      `//storage.googleapis.com/projects/_/buckets/${object.bucket}`,
    );
    assert.equal(headers['ce-subject'], `objects/${object.name}`);
    assert.ok(headers['ce-id'] && headers['ce-time']);
    assert.equal(headers['content-type'], 'application/json');
  });

  test('finalized.json names an upload made by the webhook, of cutout.png', () => {
    const meta = decodeUploadMetadata(object.metadata);
    assert.equal(object.name, uploadObjectName(meta.chatId, meta.updateId));
    assert.equal(object.size, String(cutout.length));
    assert.equal(object.md5Hash, createHash('md5').update(cutout).digest('base64'));
    assert.equal(object.contentType, 'image/png');
  });

  test('sent as the README sends it, it makes a sticker and publishes one reply', async () => {
    const store = createMemoryObjectStore();
    await store.create(object.bucket, object.name, cutout, {
      contentType: object.contentType,
      metadata: object.metadata,
    });
    const published: ReplyMessage[] = [];
    const server = cloudEventTestServer<StorageObjectData>(
      'matting-samples',
      createMattingHandler({
        config: { stickersBucket: 'sticker-stickers-local', workingSize: 1024, outline: 8 },
        store,
        publish: (reply) => {
          published.push(ReplyMessageSchema.parse(reply));
          return Promise.resolve('1');
        },
        // cutout.png is already transparent: its own alpha is kept, the model is not needed
        segmenter: () => Promise.reject(new Error('the sample must not need the model')),
        log: createLogger({ function: 'matting' }),
      }),
    );
    await withServer(server, async (url) => {
      const res = await fetch(url, { method: 'POST', headers, body });
      assert.equal(res.status, 204);
    });
    const meta = decodeUploadMetadata(object.metadata);
    const name = stickerObjectName(meta.chatId, meta.updateId);
    const sticker = await store.read('sticker-stickers-local', name);
    assert.ok(sticker, `sticker ${name}`);
    const info = await sharp(sticker.data).metadata();
    assert.equal(info.format, 'webp');
    assert.equal(Math.max(info.width, info.height), 512);
    assert.equal(published.length, 1);
    assert.equal(published[0]!.kind, 'sticker');
    assert.equal(published[0]!.updateId, meta.updateId);
    assert.equal(await store.exists(object.bucket, object.name), false, 'upload deleted');
  });
});
