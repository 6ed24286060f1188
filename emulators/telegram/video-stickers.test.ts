/**
 * Clips both ways through the emulator, driven by the real telegraf client: a user sends
 * a video, a GIF or a round video and the bot downloads it with getFile; the bot sends
 * back a WEBM video sticker, which the emulator checks against Telegram's video sticker
 * rules (with files made here by the packaged FFmpeg), and files it into a mixed set.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Telegram, TelegramError } from 'telegraf';
import { makePersonClip, makeWebm } from '../e2e/clips.js';
import { startTelegramEmulator, type TelegramEmulator } from './server.js';
import { solidImage } from '../../shared/testing.js';
import { probeVideo } from './video.js';

async function refusal(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => assert.fail('expected a TelegramError'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof TelegramError, `expected TelegramError, got ${String(err)}`);
  assert.equal(err.code, 400, err.description);
  return err.description;
}

type Extra = Parameters<Telegram['createNewStickerSet']>[3];
const extra = (o: Record<string, unknown>): Extra => o as unknown as Extra;
type AddExtra = Parameters<Telegram['addStickerToSet']>[2];
const addExtra = (o: Record<string, unknown>): AddExtra => o as unknown as AddExtra;

void describe('telegram emulator: clips and video stickers', () => {
  let emulator: TelegramEmulator;
  let telegram: Telegram;
  let good: Buffer;
  const user = { userId: 7100, firstName: 'Noor', languageCode: 'en' };

  before(async () => {
    emulator = await startTelegramEmulator();
    telegram = new Telegram(emulator.token, { apiRoot: emulator.apiRoot });
    good = await makeWebm({ seconds: 1 });
    await emulator.sendText(user, '/start');
  });
  after(() => emulator.close());

  const download = async (fileId: string) => {
    const file = await telegram.getFile(fileId);
    const res = await fetch(await telegram.getFileLink(file));
    assert.equal(res.status, 200);
    return { file, data: Buffer.from(await res.arrayBuffer()) };
  };

  it('a video arrives as `video`, kept byte for byte, with its size and duration', async () => {
    const clip = await makePersonClip('video', 2);
    const update = await emulator.sendVideo(user, clip, { caption: 'hi' });
    const { video, caption } = update.message;
    assert.equal(caption, 'hi');
    assert.deepEqual(
      [video.width, video.height, video.duration, video.mime_type],
      [640, 480, 2, 'video/mp4'],
    );
    assert.match(video.file_id, /^BAAC/);
    const { file, data } = await download(video.file_id);
    assert.match(file.file_path ?? '', /^videos\/file_\d+\.mp4$/);
    assert.deepEqual(data, clip);
  });

  it('a GIF arrives as `animation` and `document`: an MP4 without sound', async () => {
    const gif = await makePersonClip('gif', 1);
    const update = await emulator.sendAnimation(user, gif, { fileName: 'wave.gif' });
    const { animation, document } = update.message;
    assert.equal(animation.file_id, document.file_id);
    assert.equal(animation.mime_type, 'video/mp4');
    assert.equal(animation.file_name, 'wave.mp4');
    const { data } = await download(animation.file_id);
    const info = await probeVideo(data);
    assert.equal(info?.codec, 'h264');
    assert.equal(info?.hasAudio, false);
    assert.deepEqual([info?.width, info?.height], [animation.width, animation.height]);
  });

  it('a round video arrives as `video_note`, cut to a square', async () => {
    const update = await emulator.sendVideoNote(user, await makePersonClip('video', 1));
    const note = update.message.video_note;
    assert.equal(note.length, 480);
    const info = await probeVideo((await download(note.file_id)).data);
    assert.deepEqual([info?.width, info?.height], [480, 480]);
  });

  it('bytes that are no video are refused to the test, not sent', async () => {
    await assert.rejects(emulator.sendVideo(user, Buffer.from('not a video')));
  });

  it('sendSticker takes a WEBM video sticker and reports it as one', async () => {
    const sent = await telegram.sendSticker(user.userId, {
      source: good,
      filename: 'sticker.webm',
    });
    assert.equal(sent.sticker.is_video, true);
    assert.equal(sent.sticker.is_animated, false);
    assert.deepEqual([sent.sticker.width, sent.sticker.height], [512, 512]);
    const recorded = emulator.sentMessages(user.userId).at(-1);
    assert.equal(recorded?.file?.mimeType, 'video/webm');
  });

  /** Files that break one rule each, and Telegram's answer. */
  const bad: [string, () => Promise<Buffer>, string][] = [
    ['over 256 KB', () => makeWebm({ noise: true, bitrate: '4M', seconds: 1 }), 'file is too big'],
    ['longer than 3 s', () => makeWebm({ seconds: 3.5, fps: 4 }), 'STICKER_VIDEO_LONG'],
    [
      '400x400',
      () => makeWebm({ width: 400, height: 400, seconds: 0.5 }),
      'STICKER_PNG_DIMENSIONS',
    ],
    ['60 fps', () => makeWebm({ fps: 60, seconds: 0.5 }), 'STICKER_VIDEO_NOWEBM'],
    ['with sound', () => makeWebm({ audio: true, seconds: 0.5 }), 'STICKER_VIDEO_NOWEBM'],
    ['VP8, not VP9', () => makeWebm({ codec: 'vp8', seconds: 0.5 }), 'STICKER_VIDEO_NOWEBM'],
    ['an MP4', () => makePersonClip('round', 1), 'wrong file type'],
  ];
  for (const [what, make, text] of bad) {
    it(`sendSticker refuses a video sticker ${what}: ${text}`, async () => {
      const data = await make();
      const description = await refusal(
        telegram.sendSticker(user.userId, { source: data, filename: 'sticker.webm' }),
      );
      assert.equal(description, `Bad Request: ${text}`);
    });
  }

  it('a set mixes formats: created with a video sticker, a still one added', async () => {
    const name = 'mixed_by_sticker_local_bot';
    const video = (await telegram.sendSticker(user.userId, { source: good })).sticker.file_id;
    const still = await solidImage('webp', 512, 300, '#0f08');
    await telegram.createNewStickerSet(
      user.userId,
      name,
      'Mixed',
      extra({ stickers: [{ sticker: video, emoji_list: ['🎬'], format: 'video' }] }),
    );
    await telegram.addStickerToSet(
      user.userId,
      name,
      // In multipart telegraf drops an object `sticker`: it goes as a JSON string.
      addExtra({
        sticker: JSON.stringify({
          sticker: 'attach://still',
          emoji_list: ['🙂'],
          format: 'static',
        }),
        still: { source: still },
      }),
    );
    const set = emulator.stickerSet(name);
    assert.deepEqual(
      set?.stickers.map((s) => [s.is_video, s.width, s.height]),
      [
        [true, 512, 512],
        [false, 512, 300],
      ],
    );
    // A still file given as a video sticker is refused the way Telegram does.
    const description = await refusal(
      telegram.addStickerToSet(
        user.userId,
        name,
        addExtra({
          sticker: JSON.stringify({ sticker: 'attach://s', emoji_list: ['🙂'], format: 'video' }),
          s: { source: still },
        }),
      ),
    );
    assert.equal(description, 'Bad Request: STICKER_VIDEO_NOWEBM');
  });
});
