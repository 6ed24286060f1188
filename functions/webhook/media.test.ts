import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import type { Message, Update } from 'telegraf/types';
import { renderMessage } from '../../shared/messages';
import { solidJpeg, withServer } from '../../shared/testing';
import { decodeUploadMetadata } from '../../shared/upload-object';
import { clipIntent, isAnimatedWebp, sniffMedia } from './media';
import { BUCKET, chat, post, setup, textUpdate, user } from './test-fixtures';

const FFMPEG = path.join(
  path.dirname(require.resolve('@ffmpeg-installer/linux-x64/package.json')),
  'ffmpeg',
);

/** A one-second test clip in the given container, made by the packaged FFmpeg. */
function makeClip(ext: string, codec: string[]): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'clip-'));
  try {
    const out = path.join(dir, `clip.${ext}`);
    const run = spawnSync(FFMPEG, [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=64x48:rate=10',
      '-t',
      '1',
      ...codec,
      out,
    ]);
    assert.equal(run.status, 0, run.stderr.toString());
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const clips = {
  mp4: () => makeClip('mp4', ['-c:v', 'libx264', '-pix_fmt', 'yuv420p']),
  mov: () => makeClip('mov', ['-c:v', 'libx264', '-pix_fmt', 'yuv420p']),
  webm: () => makeClip('webm', ['-c:v', 'libvpx-vp9']),
  mkv: () => makeClip('mkv', ['-c:v', 'libvpx-vp9']),
  gif: () => makeClip('gif', []),
  animatedWebp: () => makeClip('webp', ['-c:v', 'libwebp_anim', '-loop', '0']),
};

describe('sniffMedia: what a file is, from its bytes', () => {
  const cases: [string, () => Promise<Buffer> | Buffer, ReturnType<typeof sniffMedia>][] = [
    ['JPEG', () => solidJpeg(8, 8), { contentType: 'image/jpeg', media: 'image' }],
    [
      'still WebP',
      () =>
        sharp({ create: { width: 8, height: 8, channels: 4, background: '#f00' } })
          .webp()
          .toBuffer(),
      { contentType: 'image/webp', media: 'image' },
    ],
    ['animated WebP', clips.animatedWebp, { contentType: 'image/webp', media: 'clip' }],
    ['GIF', clips.gif, { contentType: 'image/gif', media: 'clip' }],
    ['MP4', clips.mp4, { contentType: 'video/mp4', media: 'clip' }],
    ['QuickTime', clips.mov, { contentType: 'video/quicktime', media: 'clip' }],
    ['WebM', clips.webm, { contentType: 'video/webm', media: 'clip' }],
    ['Matroska (not WebM)', clips.mkv, null],
    ['PDF', () => Buffer.from('%PDF-1.4\n%%EOF\n'), null],
    ['a truncated MP4 box', () => Buffer.from('\0\0\0'), null],
    ['nothing', () => Buffer.alloc(0), null],
  ];
  for (const [what, make, expected] of cases) {
    test(`${what} → ${expected ? `${expected.contentType} (${expected.media})` : 'refused'}`, async () => {
      assert.deepEqual(sniffMedia(await make()), expected);
    });
  }

  test('a WebP whose chunk sizes lie is read without leaving the buffer', () => {
    const head = Buffer.from('RIFF\0\0\0\0WEBPVP8X', 'latin1');
    const lying = Buffer.concat([head, Buffer.from([0xff, 0xff, 0xff, 0x7f]), Buffer.alloc(10)]);
    assert.equal(isAnimatedWebp(lying), false);
  });
});

describe('clipIntent: which messages carry a clip', () => {
  const base = { message_id: 5, date: 1, chat, from: user };
  const file = (id: string, size = 1000) => ({
    file_id: id,
    file_unique_id: `u${id}`,
    file_size: size,
  });
  const cases: [string, object, ReturnType<typeof clipIntent>][] = [
    [
      'video',
      { video: { ...file('v'), width: 640, height: 360, duration: 4 } },
      { kind: 'clip', fileId: 'v', fileSize: 1000, source: 'video' },
    ],
    [
      'animation (Telegram fills document too)',
      {
        animation: { ...file('a'), width: 320, height: 240, duration: 2 },
        document: { ...file('a'), mime_type: 'video/mp4' },
      },
      { kind: 'clip', fileId: 'a', fileSize: 1000, source: 'animation' },
    ],
    [
      'video_note',
      { video_note: { ...file('n'), length: 384, duration: 5 } },
      { kind: 'clip', fileId: 'n', fileSize: 1000, source: 'video_note' },
    ],
    [
      'an MP4 file',
      { document: { ...file('d'), mime_type: 'video/mp4', file_name: 'dance.mp4' } },
      { kind: 'clip', fileId: 'd', fileSize: 1000, source: 'document' },
    ],
    [
      'a GIF file with no type, by its name',
      { document: { ...file('g'), file_name: 'wave.GIF' } },
      { kind: 'clip', fileId: 'g', fileSize: 1000, source: 'document' },
    ],
    [
      'a video over 20 MB',
      { video: { ...file('big', 21 * 1024 * 1024), width: 1, height: 1, duration: 1 } },
      { kind: 'reject', reason: 'too_big' },
    ],
    [
      'a PNG file (an image, not a clip)',
      { document: { ...file('p'), mime_type: 'image/png' } },
      null,
    ],
    ['a Matroska file', { document: { ...file('m'), mime_type: 'video/x-matroska' } }, null],
    ['a text', { text: 'hi' }, null],
  ];
  for (const [what, content, expected] of cases) {
    test(what, () => {
      assert.deepEqual(clipIntent({ ...base, ...content } as unknown as Message), expected);
    });
  }
});

describe('webhook with clips (Functions Framework test server, fakes injected)', () => {
  const message = (updateId: number, content: object) =>
    ({
      update_id: updateId,
      message: { message_id: 20, date: 1, chat, from: user, ...content },
    }) as Update;
  const stored = (
    kind: string,
    id: string,
    content: object,
    bytes: () => Buffer,
    type: string,
  ) => ({
    kind,
    id,
    content,
    bytes,
    type,
  });
  const table = [
    stored(
      'video',
      'v',
      { video: { file_id: 'v', file_unique_id: 'uv', width: 64, height: 48, duration: 1 } },
      clips.mp4,
      'video/mp4',
    ),
    stored(
      'animation',
      'a',
      {
        animation: { file_id: 'a', file_unique_id: 'ua', width: 64, height: 48, duration: 1 },
        document: { file_id: 'a', file_unique_id: 'ua', mime_type: 'video/mp4' },
      },
      clips.mp4,
      'video/mp4',
    ),
    stored(
      'video_note',
      'n',
      { video_note: { file_id: 'n', file_unique_id: 'un', length: 48, duration: 1 } },
      clips.mp4,
      'video/mp4',
    ),
    stored(
      'document',
      'w',
      { document: { file_id: 'w', file_unique_id: 'uw', mime_type: 'video/webm' } },
      clips.webm,
      'video/webm',
    ),
    stored(
      'document',
      'g',
      { document: { file_id: 'g', file_unique_id: 'ug', mime_type: 'image/gif' } },
      clips.gif,
      'image/gif',
    ),
    stored(
      'document',
      'aw',
      { document: { file_id: 'aw', file_unique_id: 'uaw', mime_type: 'image/webp' } },
      clips.animatedWebp,
      'image/webp',
    ),
  ];
  for (const [i, row] of table.entries()) {
    test(`a ${row.kind} (${row.type}) is stored once as a clip, with its sniffed type`, async () => {
      const { store, calls, files, server } = setup();
      files.set(row.id, row.bytes());
      await withServer(server, async (url) => {
        const update = message(9100 + i, { ...row.content, caption: 'wave' });
        for (let n = 0; n < 2; n++) assert.equal((await post(url, update)).status, 200);
        assert.equal(store.objects.size, 1);
        const obj = store.objects.get(`${BUCKET}/77/${9100 + i}`);
        assert.ok(obj, 'object named from chat id and update id');
        assert.equal(obj.contentType, row.type);
        assert.deepEqual(obj.data, files.get(row.id));
        assert.equal(obj.metadata?.media, 'clip');
        const meta = decodeUploadMetadata(obj.metadata);
        assert.equal(meta.media, 'clip');
        assert.equal(meta.source, row.kind);
        assert.equal(meta.caption, 'wave');
        assert.ok(!calls.some((c) => c.method === 'sendMessage'), 'no text for a good clip');
      });
    });
  }

  test('a still WebP file stays an image: no media field in the metadata', async () => {
    const { store, files, server } = setup();
    const webp = await sharp({ create: { width: 8, height: 8, channels: 4, background: '#0f0' } })
      .webp()
      .toBuffer();
    files.set('s', webp);
    await withServer(server, async (url) => {
      await post(
        url,
        message(9200, {
          document: { file_id: 's', file_unique_id: 'us', mime_type: 'image/webp' },
        }),
      );
      const obj = store.objects.get(`${BUCKET}/77/9200`);
      assert.equal(obj?.metadata?.media, undefined);
      assert.equal(decodeUploadMetadata(obj?.metadata).media, 'image');
    });
  });

  const texts = (calls: { method: string; args: unknown[] }[]) =>
    calls.filter((c) => c.method === 'sendMessage').map((c) => String(c.args[1]));

  test('refusals: unreadable clip, clip over 20 MB (never fetched), other files, plain text', async () => {
    const { store, calls, files, server } = setup();
    files.set('junk', Buffer.from('not a video at all, just words'));
    const video = (id: string, size?: number) => ({
      video: {
        file_id: id,
        file_unique_id: `u${id}`,
        width: 1,
        height: 1,
        duration: 1,
        ...(size && { file_size: size }),
      },
    });
    await withServer(server, async (url) => {
      await post(url, message(9301, video('junk')));
      await post(url, message(9302, video('huge', 25 * 1024 * 1024)));
      await post(
        url,
        message(9303, {
          document: { file_id: 'pdf', file_unique_id: 'up', mime_type: 'application/pdf' },
        }),
      );
      await post(url, textUpdate(9304, 'hello'));
      assert.equal(store.objects.size, 0);
      assert.deepEqual(texts(calls), [
        renderMessage('clip_unreadable', 'en'),
        renderMessage('too_big', 'en'),
        renderMessage('not_media', 'en'),
        renderMessage('unsupported_media', 'en'),
      ]);
      assert.deepEqual(
        calls.filter((c) => c.method === 'getFile').map((c) => c.args[0]),
        ['junk'],
        'only the clip within the limit is fetched',
      );
    });
  });

  test('a photo whose bytes are a clip is refused as an unreadable photo', async () => {
    const { store, calls, files, server } = setup();
    files.set('p', clips.gif());
    await withServer(server, async (url) => {
      await post(
        url,
        message(9400, { photo: [{ file_id: 'p', file_unique_id: 'up', width: 64, height: 48 }] }),
      );
      assert.equal(store.objects.size, 0);
      assert.deepEqual(texts(calls), [renderMessage('undecodable', 'en')]);
    });
  });

  test('clips count against the fair-use limit like photos', async () => {
    const { store, calls, files, server } = setup({ fairUse: { limit: 1, windowMs: 60_000 } });
    files.set('v', clips.mp4());
    const video = {
      video: { file_id: 'v', file_unique_id: 'uv', width: 64, height: 48, duration: 1 },
    };
    await withServer(server, async (url) => {
      await post(url, message(9501, video));
      await post(url, message(9502, video));
      assert.equal(store.objects.size, 1);
      assert.match(texts(calls)[0] ?? '', /up to 1 a minute/);
    });
  });

  test('/start and /help tell about clips too, in the user language', async () => {
    const { calls, server } = setup();
    await withServer(server, async (url) => {
      await post(url, textUpdate(9601, '/start'));
      await post(url, textUpdate(9602, '/help'));
      const [start, help] = texts(calls);
      assert.ok(start?.endsWith(renderMessage('start_clips', 'en')), start);
      assert.ok(help?.endsWith(renderMessage('help_clips', 'en', { seconds: 3 })), help);
      assert.match(help ?? '', /deleted after processing/);
    });
  });
});
