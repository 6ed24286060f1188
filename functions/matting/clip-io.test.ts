import assert from 'node:assert/strict';
import sharp from 'sharp';
import { describe, it } from 'node:test';
import { PermanentError } from '../../shared/errors';
import { type ClipInfo, decodeClip, encodeWebm, parseProbe, probeClip } from './clip-io';
import { ffmpegPath, needsSeekableInput, runFfmpeg, withTempDir, readOutput } from './ffmpeg';

/** A test-pattern clip from FFmpeg's own generator, in the given container. */
async function testClip(
  opts: { w: number; h: number; fps: number; seconds: number; faststart: boolean },
  ext = 'mp4',
): Promise<Buffer> {
  return withTempDir(async (dir) => {
    const src = `testsrc=size=${opts.w}x${opts.h}:rate=${opts.fps}`;
    const codec =
      ext === 'gif' ? [] : ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];
    const flags = opts.faststart ? ['-movflags', '+faststart'] : [];
    const { code, stderr } = await runFfmpeg([
      ...['-f', 'lavfi', '-i', src, '-t', String(opts.seconds), ...codec, ...flags],
      `${dir}/clip.${ext}`,
    ]);
    assert.equal(code, 0, stderr);
    return readOutput(dir, `clip.${ext}`);
  });
}

/** RGBA frames: a moving opaque disc on a transparent background. */
function discFrames(w: number, h: number, n: number): Buffer[] {
  return Array.from({ length: n }, (_, k) => {
    const f = Buffer.alloc(w * h * 4);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * 4;
        const inside = (x - w / 3 - k) ** 2 + (y - h / 2) ** 2 < (h / 4) ** 2;
        f[i] = 200;
        f[i + 1] = (x + k) & 255;
        f[i + 2] = 40;
        f[i + 3] = inside ? 255 : 0;
      }
    }
    return f;
  });
}

describe('FFmpeg driver (the packaged binary)', () => {
  it('finds the binary inside @ffmpeg-installer/linux-x64', () => {
    assert.match(ffmpegPath(), /node_modules\/@ffmpeg-installer\/linux-x64\/ffmpeg$/);
  });

  it('probes an MP4: codec, size, fps, duration, no audio', async () => {
    const info = await probeClip(
      await testClip({ w: 160, h: 120, fps: 25, seconds: 2, faststart: true }),
    );
    assert.equal(info.codec, 'h264');
    assert.deepEqual([info.width, info.height, info.fps, info.durationSeconds], [160, 120, 25, 2]);
    assert.equal(info.hasAudio, false);
    assert.equal(info.hasAlpha, false);
  });

  it('decodes the first frames at the planned rate and size; tells a longer clip', async () => {
    const mp4 = await testClip({ w: 160, h: 120, fps: 25, seconds: 2, faststart: true });
    const long = await decodeClip(mp4, { width: 80, height: 60, fps: 10, maxFrames: 15 });
    assert.equal(long.frames.length, 15);
    assert.equal(long.trimmed, true);
    for (const f of long.frames) assert.equal(f.length, 80 * 60 * 3);
    const whole = await decodeClip(mp4, { width: 80, height: 60, fps: 10, maxFrames: 30 });
    assert.equal(whole.frames.length, 20);
    assert.equal(whole.trimmed, false);
  });

  it('reads an MP4 whose index comes after its data (through a temporary file)', async () => {
    const mp4 = await testClip({ w: 320, h: 240, fps: 30, seconds: 3, faststart: false });
    assert.equal(needsSeekableInput(mp4), true);
    const faststart = await testClip({ w: 320, h: 240, fps: 30, seconds: 3, faststart: true });
    assert.equal(needsSeekableInput(faststart), false);
    const clip = await decodeClip(mp4, { width: 160, height: 120, fps: 30, maxFrames: 90 });
    assert.equal(clip.frames.length, 90);
  });

  it('decodes a GIF', async () => {
    const gif = await testClip({ w: 100, h: 80, fps: 10, seconds: 1, faststart: false }, 'gif');
    const info = await probeClip(gif);
    assert.equal(info.codec, 'gif');
    const clip = await decodeClip(gif, { width: 100, height: 80, fps: 10, maxFrames: 30 });
    assert.ok(clip.frames.length >= 9 && clip.frames.length <= 11, `${clip.frames.length} frames`);
  });

  it('refuses bytes that are no video with clip_unreadable', async () => {
    const garbage = Buffer.from('this is not a video at all, just some text '.repeat(20));
    await assert.rejects(
      probeClip(garbage),
      (err: PermanentError) => err.userMessage === 'clip_unreadable',
    );
    await assert.rejects(
      decodeClip(garbage, { width: 10, height: 10, fps: 10, maxFrames: 5 }),
      (err: PermanentError) => err.userMessage === 'clip_unreadable',
    );
  });

  it('encodes RGBA frames as WebM VP9 with alpha, no audio, at the given size, rate and length', async () => {
    const frames = discFrames(64, 48, 15);
    const webm = await encodeWebm(frames, { width: 64, height: 48, fps: 15, crf: 30 });
    assert.equal(webm.subarray(0, 4).toString('hex'), '1a45dfa3', 'EBML header');
    const info: ClipInfo = await probeClip(webm);
    assert.equal(info.format, 'matroska,webm');
    assert.equal(info.codec, 'vp9');
    assert.equal(info.hasAlpha, true);
    assert.equal(info.hasAudio, false);
    assert.deepEqual([info.width, info.height, info.fps], [64, 48, 15]);
    assert.ok(Math.abs((info.durationSeconds ?? 0) - 1) < 0.05, `duration ${info.durationSeconds}`);
  });

  it('round trip keeps the alpha: transparent corners, opaque disc (libvpx decoder)', async () => {
    const webm = await encodeWebm(discFrames(64, 48, 6), {
      width: 64,
      height: 48,
      fps: 6,
      crf: 20,
    });
    const { code, stdout, stderr } = await runFfmpeg(
      ['-c:v', 'libvpx-vp9', '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1'],
      webm,
    );
    assert.equal(code, 0, stderr);
    assert.equal(stdout.length, 64 * 48 * 4 * 6);
    const alphaAt = (frame: number, x: number, y: number) =>
      stdout[frame * 64 * 48 * 4 + (y * 64 + x) * 4 + 3]!;
    for (const f of [0, 5]) {
      assert.ok(alphaAt(f, 1, 1) < 16, 'corner transparent');
      assert.ok(alphaAt(f, 63, 47) < 16, 'corner transparent');
      assert.ok(alphaAt(f, Math.round(64 / 3) + f, 24) > 240, 'disc opaque');
    }
  });

  it('refuses frames of the wrong size', async () => {
    await assert.rejects(
      encodeWebm([Buffer.alloc(10)], { width: 4, height: 4, fps: 1, crf: 30 }),
      RangeError,
    );
  });
});

describe('parseProbe', () => {
  it('swaps the sides of a video rotated by the container (phones)', () => {
    const stderr = [
      "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'pipe:0':",
      '  Duration: 00:00:04.50, start: 0.000000, bitrate: N/A',
      '    Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709), 1920x1080, 10000 kb/s, 59.94 fps, 59.94 tbr, 600 tbn (default)',
      '    Side data:',
      '      displaymatrix: rotation of -90.00 degrees',
      '    Stream #0:1(und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo, fltp, 128 kb/s (default)',
    ].join('\n');
    const info = parseProbe(stderr);
    assert.deepEqual(
      [info.width, info.height, info.fps, info.durationSeconds],
      [1080, 1920, 59.94, 4.5],
    );
    assert.equal(info.pixelFormat, 'yuv420p');
    assert.equal(info.hasAudio, true);
  });
});

describe('animated WebP (decoded by libwebp through sharp: FFmpeg 4.1 cannot)', () => {
  /** Five 64x48 frames, red 0, 50, ..., 200, shown `delay` ms each. */
  async function animatedWebp(delay: number): Promise<Buffer> {
    const [w, h, n] = [64, 48, 5];
    const px = Buffer.alloc(w * h * n * 4);
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < w * h; i++) {
        px[(k * w * h + i) * 4] = k * 50;
        px[(k * w * h + i) * 4 + 3] = 255;
      }
    }
    return sharp(px, { raw: { width: w, height: h * n, channels: 4, pageHeight: h } })
      .webp({ loop: 0, delay: Array(n).fill(delay) as number[], lossless: true })
      .toBuffer();
  }

  it('probes size, rate and duration from the frames and their delays', async () => {
    const info = await probeClip(await animatedWebp(100));
    assert.deepEqual(
      [info.codec, info.width, info.height, info.fps, info.durationSeconds],
      ['webp', 64, 48, 10, 0.5],
    );
  });

  it('resamples the frames to the planned rate, in order, and tells a longer clip', async () => {
    const webp = await animatedWebp(100);
    const clip = await decodeClip(webp, { width: 32, height: 24, fps: 20, maxFrames: 60 });
    assert.equal(clip.frames.length, 10);
    assert.equal(clip.trimmed, false);
    assert.deepEqual(
      clip.frames.map((f) => f[0]),
      [0, 0, 50, 50, 100, 100, 150, 150, 200, 200],
    );
    const cut = await decodeClip(webp, { width: 32, height: 24, fps: 20, maxFrames: 4 });
    assert.equal(cut.frames.length, 4);
    assert.equal(cut.trimmed, true);
  });
});
