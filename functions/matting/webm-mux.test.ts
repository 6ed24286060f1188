import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runFfmpeg } from './ffmpeg';
import { isVp9KeyFrame, muxWebmWithAlpha, parseIvf } from './webm-mux';

/** A VP9 stream in IVF from FFmpeg's test pattern, with the encode settings clips use. */
async function vp9Ivf(frames: number): Promise<Buffer> {
  const { code, stdout, stderr } = await runFfmpeg([
    ...['-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=10', '-frames:v', String(frames)],
    ...['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-auto-alt-ref', '0'],
    ...['-lag-in-frames', '0', '-g', '9999', '-f', 'ivf', 'pipe:1'],
  ]);
  assert.equal(code, 0, stderr);
  return stdout;
}

describe('WebM muxer for VP9 with alpha', () => {
  it('splits IVF into frames; only the first is a key frame', async () => {
    const frames = parseIvf(await vp9Ivf(5));
    assert.equal(frames.length, 5);
    assert.deepEqual(
      frames.map((f) => isVp9KeyFrame(f.data)),
      [true, false, false, false, false],
    );
    assert.deepEqual(
      frames.map((f) => f.pts),
      [0, 1, 2, 3, 4],
    );
  });

  it('refuses what is not IVF, and a truncated stream', async () => {
    assert.throws(
      () => parseIvf(Buffer.from('not an ivf stream at all, no, not at all')),
      /not an IVF/,
    );
    const ivf = await vp9Ivf(2);
    assert.throws(() => parseIvf(ivf.subarray(0, ivf.length - 3)), /truncated/);
  });

  it('writes a WebM FFmpeg reads as VP9 with alpha, at its size, rate and duration', async () => {
    const colour = parseIvf(await vp9Ivf(10)).map((f) => f.data);
    const webm = muxWebmWithAlpha({ width: 64, height: 48, fps: 10, colour, alpha: colour });
    const { stderr } = await runFfmpeg(['-i', 'pipe:0'], webm);
    assert.match(stderr, /Input #0, matroska,webm/);
    assert.match(stderr, /Duration: 00:00:01\.00/);
    assert.match(stderr, /Video: vp9.*64x48.*10 fps/);
    assert.match(stderr, /alpha_mode\s*: 1/);
    const decoded = await runFfmpeg(
      ['-c:v', 'libvpx-vp9', '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'yuva420p', 'pipe:1'],
      webm,
    );
    assert.equal(decoded.code, 0, decoded.stderr);
    assert.equal(decoded.stdout.length, 10 * 64 * 48 * 2.5, 'ten yuva420p frames');
  });

  it('refuses colour and alpha of different lengths', () => {
    const f = Buffer.from([0x82]);
    assert.throws(
      () => muxWebmWithAlpha({ width: 2, height: 2, fps: 1, colour: [f, f], alpha: [f] }),
      /colour has 2 frames, alpha 1/,
    );
  });
});
