import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { sentMarkerName } from '../../shared/delivery-record';
import { createLogger } from '../../shared/log';
import {
  ReplyMessageSchema,
  type ReplyMessage,
  type ReplyMessageInput,
} from '../../shared/reply-message';
import { createMemoryObjectStore } from '../../shared/storage';
import {
  captureLogsInSuite,
  cloudEventTestServer,
  ellipseMask,
  pngBomb,
  postFinalized,
  solidJpeg,
  withServer,
} from '../../shared/testing';
import {
  encodeUploadMetadata,
  stickerObjectName,
  type UploadMetadataInput,
} from '../../shared/upload-object';
import { probeClip } from './clip-io';
import { readOutput, runFfmpeg, withTempDir } from './ffmpeg';
import { createMattingHandler, type StorageObjectData } from './handler';
import type { PersonSegmenter } from './make-sticker';

const UPLOADS = 'uploads-test';
const STICKERS = 'stickers-test';

/** Finds "the person" as a centred ellipse: exercises the pipeline without the model. */
const ellipseSegmenter: PersonSegmenter = {
  segment: ({ width, height }) => Promise.resolve(ellipseMask(width, height, 4, 3)),
};
const nobody: PersonSegmenter = {
  segment: ({ width, height }) => Promise.resolve(new Uint8Array(width * height)),
};

function setup(
  segmenter: PersonSegmenter,
  opts: { failPublish?: number; modelLoading?: () => boolean } = {},
) {
  const store = createMemoryObjectStore();
  const published: ReplyMessage[] = [];
  let failures = opts.failPublish ?? 0;
  let segmentCalls = 0;
  const server = cloudEventTestServer<StorageObjectData>(
    'matting-test',
    createMattingHandler({
      config: { stickersBucket: STICKERS, workingSize: 1024, outline: 8 },
      store,
      publish: (reply: ReplyMessageInput) => {
        if (failures-- > 0) return Promise.reject(new Error('pubsub unavailable'));
        published.push(ReplyMessageSchema.parse(reply));
        return Promise.resolve(String(published.length));
      },
      segmenter: () => {
        segmentCalls++;
        return Promise.resolve(segmenter);
      },
      modelLoading: opts.modelLoading,
      log: createLogger({ function: 'matting' }),
    }),
  );
  return { store, published, server, segmentCalls: () => segmentCalls };
}

async function upload(
  store: ReturnType<typeof createMemoryObjectStore>,
  updateId: number,
  data: Buffer,
  extra: Partial<UploadMetadataInput> = {},
) {
  const name = `42/${updateId}`;
  const metadata = encodeUploadMetadata({
    chatId: 42,
    messageId: 7,
    updateId,
    source: 'photo',
    languageCode: 'es',
    ...extra,
  });
  const contentType = extra.media === 'clip' ? 'video/mp4' : 'image/jpeg';
  await store.create(UPLOADS, name, data, { contentType, metadata });
  return { name, metadata };
}

/** google.cloud.storage.object.v1.finalized in binary content mode, as Eventarc sends it. */
function finalized(
  url: string,
  obj: { name: string; metadata: Record<string, string> },
  id = 'e1',
) {
  const object = {
    bucket: UPLOADS,
    name: obj.name,
    metadata: obj.metadata,
    contentType: 'image/jpeg',
  };
  return postFinalized(url, object, id);
}

describe('matting function (Functions Framework test server, fakes injected)', () => {
  captureLogsInSuite();

  test('while the model loads (cold), a chat action for the chat goes out first', async () => {
    let loading = true;
    const { store, published, server } = setup(ellipseSegmenter, { modelLoading: () => loading });
    const first = await upload(store, 1, await solidJpeg(300, 200, '#c08040'));
    await withServer(server, async (url) => {
      assert.equal((await finalized(url, first)).status, 204);
      assert.deepEqual(
        published.map((r) => r.kind),
        ['chat_action', 'sticker'],
      );
      const action = published[0]!;
      assert.equal(action.kind === 'chat_action' && action.action, 'choose_sticker');
      assert.deepEqual([action.chatId, action.updateId, action.replyTo], [42, 1, 7]);
      loading = false;
      const second = await upload(store, 2, await solidJpeg(300, 200, '#c08040'));
      assert.equal((await finalized(url, second, 'e2')).status, 204);
      assert.deepEqual(
        published.map((r) => r.kind),
        ['chat_action', 'sticker', 'sticker'],
        'warm: no chat action',
      );
    });
  });

  test('a cold chat action that cannot be published costs only the indicator', async () => {
    const { store, published, server } = setup(ellipseSegmenter, {
      failPublish: 1,
      modelLoading: () => true,
    });
    const obj = await upload(store, 3, await solidJpeg(300, 200, '#c08040'));
    await withServer(server, async (url) => {
      assert.equal((await finalized(url, obj)).status, 204);
      assert.deepEqual(
        published.map((r) => r.kind),
        ['sticker'],
      );
      assert.equal(await store.read(UPLOADS, obj.name), null, 'upload deleted');
    });
  });

  test('upload → sticker in the stickers bucket → one reply; the photo is deleted', async () => {
    const { store, published, server } = setup(ellipseSegmenter);
    const obj = await upload(store, 1, await solidJpeg(900, 700, '#c08040'));
    await withServer(server, async (url) => {
      assert.equal((await finalized(url, obj)).status, 204);
      const webp = await store.read(STICKERS, stickerObjectName(42, 1));
      assert.ok(webp, 'sticker written');
      assert.equal(webp.contentType, 'image/webp');
      const meta = await sharp(webp.data).metadata();
      assert.equal(meta.format, 'webp');
      assert.equal(Math.max(meta.width, meta.height), 512);
      assert.deepEqual(published, [
        {
          v: 1,
          kind: 'sticker',
          chatId: 42,
          replyTo: 7,
          updateId: 1,
          languageCode: 'es',
          bucket: STICKERS,
          object: '42/1.webp',
          format: 'static',
        },
      ]);
      assert.equal(await store.exists(UPLOADS, obj.name), false, 'photo not kept');
      // a redelivery of the same event after success does nothing
      assert.equal((await finalized(url, obj)).status, 204);
      assert.equal(published.length, 1);
    });
  });

  test('publish fails → 500 (redelivered); the redelivery re-announces without redoing the work', async () => {
    const { store, published, server, segmentCalls } = setup(ellipseSegmenter, { failPublish: 1 });
    const obj = await upload(store, 2, await solidJpeg(300, 300));
    await withServer(server, async (url) => {
      assert.equal((await finalized(url, obj)).status, 500);
      assert.ok(await store.exists(STICKERS, '42/2.webp'));
      assert.ok(await store.exists(UPLOADS, obj.name), 'upload kept until the reply is out');
      assert.equal((await finalized(url, obj)).status, 204);
      assert.equal(published.length, 1);
      assert.equal(published[0]?.kind, 'sticker');
      assert.equal(segmentCalls(), 1, 'the model ran once');
    });
  });

  test('a finalize redelivered after the answer was delivered makes nothing (the sender deleted the sticker)', async () => {
    const { store, published, server, segmentCalls } = setup(ellipseSegmenter);
    const obj = await upload(store, 3, await solidJpeg(300, 300));
    await store.create(STICKERS, sentMarkerName(42, 3), Buffer.from('{}'), {
      contentType: 'application/json',
    });
    await withServer(server, async (url) => {
      assert.equal((await finalized(url, obj)).status, 204);
      assert.equal(segmentCalls(), 0, 'no sticker made again');
      assert.equal(await store.exists(STICKERS, '42/3.webp'), false);
      assert.equal(published.length, 0);
      assert.equal(await store.exists(UPLOADS, obj.name), false, 'photo not kept');
    });
  });

  test('no person, undecodable, and oversized images end in a text reply, acknowledged', async () => {
    const cases: [PersonSegmenter, Buffer, string][] = [
      [nobody, await solidJpeg(200, 200), 'no_person'],
      [ellipseSegmenter, Buffer.from('\xff\xd8\xff garbage'), 'undecodable'],
      [
        ellipseSegmenter,
        pngBomb(30000, 30000), // a tiny PNG whose header declares 30000 x 30000 pixels
        'too_many_pixels',
      ],
    ];
    for (const [seg, data, key] of cases) {
      const { store, published, server } = setup(seg);
      const obj = await upload(store, 3, data);
      await withServer(server, async (url) => {
        assert.equal((await finalized(url, obj)).status, 204, key);
        assert.equal(published.length, 1);
        const r = published[0]!;
        assert.equal(r.kind, 'text');
        assert.equal(r.kind === 'text' && r.key, key);
        assert.equal(await store.exists(STICKERS, '42/3.webp'), false);
      });
    }
  });

  test('a caption in the upload metadata is drawn under the person: taller, with text pixels', async () => {
    const { store, server, published } = setup(ellipseSegmenter);
    const photo = await solidJpeg(1200, 400, '#c08040'); // a wide "person": room below
    const plain = await upload(store, 10, photo);
    const captioned = await upload(store, 11, photo, { caption: 'Hola <amigos> & Привет 😀' });
    await withServer(server, async (url) => {
      assert.equal((await finalized(url, plain)).status, 204);
      assert.equal((await finalized(url, captioned, 'e2')).status, 204);
      const read = async (id: number) => {
        const obj = await store.read(STICKERS, stickerObjectName(42, id));
        assert.ok(obj);
        return sharp(obj.data).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      };
      const [a, b] = [await read(10), await read(11)];
      assert.equal(a.info.width, 512);
      assert.equal(b.info.width, 512);
      assert.ok(b.info.height > a.info.height + 20, `${b.info.height} vs ${a.info.height}`);
      // the person is orange with a white outline: dark opaque pixels can only be the text rim
      let dark = 0;
      for (let i = 0; i < b.data.length; i += 4) {
        if (b.data[i + 3]! > 250 && b.data[i]! + b.data[i + 1]! + b.data[i + 2]! < 120) dark++;
      }
      assert.ok(dark > 200, `dark text-rim pixels: ${dark}`);
      // the caption's emoji goes with the sticker (for its pack); no caption, no emoji
      const emojiOf = (id: number) => {
        const r = published.find((p) => p.updateId === id);
        assert.equal(r?.kind, 'sticker');
        return r.kind === 'sticker' ? r.emoji : undefined;
      };
      assert.equal(emojiOf(11), '😀');
      assert.equal(emojiOf(10), undefined);
    });
  });

  test('an event for an object that is gone is acknowledged (already processed)', async () => {
    const { published, server } = setup(ellipseSegmenter);
    await withServer(server, async (url) => {
      assert.equal((await finalized(url, { name: '42/999', metadata: {} })).status, 204);
      assert.equal(published.length, 0);
    });
  });

  test('a 4 s video clip → WEBM video sticker of its first 3 s, and the reply says it was cut', async () => {
    const { store, published, server } = setup(ellipseSegmenter, { failPublish: 1 });
    const obj = await upload(store, 20, await testsrcMp4(4), { source: 'video', media: 'clip' });
    await withServer(server, async (url) => {
      assert.equal((await finalized(url, obj)).status, 500, 'publish failed once');
      assert.equal((await finalized(url, obj)).status, 204, 'redelivery re-announces');
      const webm = await store.read(STICKERS, stickerObjectName(42, 20, 'clip'));
      assert.ok(webm, 'sticker written');
      assert.equal(webm.contentType, 'video/webm');
      assert.ok(webm.data.length <= 256 * 1024, `${webm.data.length} bytes`);
      const info = await probeClip(webm.data);
      assert.equal(info.codec, 'vp9');
      assert.equal(info.hasAlpha, true);
      assert.equal(info.hasAudio, false);
      assert.equal(Math.max(info.width, info.height), 512);
      assert.ok(Math.min(info.width, info.height) <= 512);
      assert.ok((info.fps ?? 99) <= 30);
      assert.ok(Math.abs((info.durationSeconds ?? 0) - 3) < 0.05, `${info.durationSeconds} s`);
      assert.deepEqual(published, [
        {
          v: 1,
          kind: 'sticker',
          chatId: 42,
          replyTo: 7,
          updateId: 20,
          languageCode: 'es',
          bucket: STICKERS,
          object: '42/20.webm',
          format: 'video',
          trimmedToSeconds: 3,
        },
      ]);
      assert.equal(await store.exists(UPLOADS, obj.name), false, 'clip not kept');
    });
  });

  test('a short clip is not cut; bytes that are no video get clip_unreadable', async () => {
    const { store, published, server } = setup(ellipseSegmenter);
    const short = await upload(store, 21, await testsrcMp4(1), {
      source: 'animation',
      media: 'clip',
    });
    const junk = await upload(store, 22, Buffer.from('no video here '.repeat(50)), {
      source: 'video_note',
      media: 'clip',
    });
    await withServer(server, async (url) => {
      assert.equal((await finalized(url, short)).status, 204);
      assert.equal((await finalized(url, junk, 'e2')).status, 204);
      const [a, b] = published;
      assert.equal(a?.kind === 'sticker' && a.format, 'video');
      assert.equal(a?.kind === 'sticker' && a.trimmedToSeconds, undefined);
      assert.equal(b?.kind === 'text' && b.key, 'clip_unreadable');
    });
  });
});

/** A small H.264 test-pattern clip (FFmpeg's own generator): 160x120, 10 fps. */
function testsrcMp4(seconds: number): Promise<Buffer> {
  return withTempDir(async (dir) => {
    const { code, stderr } = await runFfmpeg([
      ...['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-t', String(seconds)],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', `${dir}/c.mp4`],
    ]);
    assert.equal(code, 0, stderr);
    return readOutput(dir, 'c.mp4');
  });
}
