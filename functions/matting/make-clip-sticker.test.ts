import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PermanentError } from '../../shared/errors';
import {
  MAX_CLIP_FPS,
  MAX_CLIP_SECONDS,
  MAX_CLIP_SIDE,
  VIDEO_STICKER_MAX_BYTES,
} from '../../shared/limits';
import type { ClipInfo } from './clip-io';
import type { RawImage } from './segment';
import {
  type ClipSegmenter,
  ENCODE_LADDER,
  checkClipLimits,
  clipBox,
  composeClipFrames,
  encodeWithinLimit,
  planClip,
  segmentFrames,
} from './make-clip-sticker';

const info = (o: Partial<ClipInfo>): ClipInfo => ({
  format: 'mov,mp4,m4a,3gp,3g2,mj2',
  codec: 'h264',
  pixelFormat: 'yuv420p',
  width: 1280,
  height: 720,
  fps: 30,
  durationSeconds: 5,
  hasAlpha: false,
  hasAudio: true,
  ...o,
});

const refusal = (key: string, params: Record<string, number>) => (err: unknown) =>
  err instanceof PermanentError &&
  err.userMessage === key &&
  Object.entries(params).every(([k, v]) => err.userParams[k] === v);

describe('clip limits', () => {
  it('accepts the worst clip matting is sized for', () => {
    checkClipLimits(
      info({
        width: MAX_CLIP_SIDE,
        height: MAX_CLIP_SIDE,
        fps: MAX_CLIP_FPS,
        durationSeconds: MAX_CLIP_SECONDS,
      }),
    );
    checkClipLimits(info({ durationSeconds: undefined })); // a GIF from a pipe
  });

  it('refuses a longer clip, saying the limits', () => {
    assert.throws(
      () => checkClipLimits(info({ durationSeconds: MAX_CLIP_SECONDS + 1 })),
      refusal('clip_too_long', {
        seconds: MAX_CLIP_SECONDS + 1,
        limit: MAX_CLIP_SECONDS,
        sticker: 3,
      }),
    );
  });

  it('refuses more pixels or frames per second, saying the limits', () => {
    const limits = { maxSide: MAX_CLIP_SIDE, maxFps: MAX_CLIP_FPS };
    assert.throws(
      () => checkClipLimits(info({ width: 3840, height: 2160 })),
      refusal('clip_too_large', { width: 3840, height: 2160, fps: 30, ...limits }),
    );
    assert.throws(
      () => checkClipLimits(info({ fps: 120 })),
      refusal('clip_too_large', { fps: 120, ...limits }),
    );
  });

  it('plans ≤ 512 px frames at ≤ 30 fps for 3 s', () => {
    assert.deepEqual(planClip(info({ fps: 59.94 })), {
      width: 512,
      height: 288,
      fps: 30,
      maxFrames: 90,
    });
    assert.deepEqual(planClip(info({ width: 240, height: 240, fps: 10 })), {
      width: 240,
      height: 240,
      fps: 10,
      maxFrames: 30,
    });
    assert.deepEqual(planClip(info({ fps: undefined })).fps, 30);
  });
});

describe('clip frames', () => {
  const W = 40;
  const H = 30;
  const disc = (cx: number) => {
    const a = new Uint8Array(W * H);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) if ((x - cx) ** 2 + (y - 15) ** 2 < 36) a[y * W + x] = 255;
    return a;
  };

  it('cuts every frame to the union of the person boxes', () => {
    assert.deepEqual(clipBox([disc(10), disc(25)], W, H), {
      left: 5,
      top: 10,
      width: 26,
      height: 11,
    });
  });

  it('refuses a clip without a person in any frame', () => {
    const empty = new Uint8Array(W * H);
    assert.throws(() => clipBox([empty, empty], W, H), refusal('no_person', {}));
  });

  it('lays frames out at 512 px on one side, even sides, and fits 256 KB', async () => {
    const frames = [10, 15, 20, 25].map(() => Buffer.alloc(W * H * 3, 180));
    const mattes = [10, 15, 20, 25].map(disc);
    const sticker = await composeClipFrames(frames, mattes, W, H, { outline: 8 });
    assert.equal(Math.max(sticker.width, sticker.height), 512);
    assert.ok(Math.min(sticker.width, sticker.height) <= 512);
    assert.equal(sticker.width % 2, 0);
    assert.equal(sticker.height % 2, 0);
    for (const f of sticker.frames) assert.equal(f.length, sticker.width * sticker.height * 4);
    const encoded = await encodeWithinLimit(sticker, 4);
    assert.ok(encoded.webm.length <= VIDEO_STICKER_MAX_BYTES);
    assert.equal(encoded.frames, 4);
  });

  it('steps down the ladder until the WebM fits, and fails past its end', async () => {
    const side = 64;
    let seed = 7;
    const noise = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 23;
    const frames = Array.from({ length: 6 }, () =>
      Buffer.from(Array.from({ length: side * side * 4 }, noise)),
    );
    const sticker = { frames, width: side, height: side };
    const best = await encodeWithinLimit(sticker, 6);
    assert.equal(best.crf, ENCODE_LADDER[0]!.crf);
    const smaller = await encodeWithinLimit(sticker, 6, best.webm.length - 1);
    assert.ok(smaller.webm.length < best.webm.length);
    assert.notEqual(smaller.crf, best.crf);
    await assert.rejects(encodeWithinLimit(sticker, 6, 200), /does not fit in 200 bytes/);
  });
});

describe('segmenting a clip', () => {
  const W = 8;
  const H = 4;
  /** Frame k: grey, with a white bar on columns k..k+2; the "model" matte is 255 there. */
  const frame = (k: number) => {
    const rgb = Buffer.alloc(W * H * 3, 90);
    for (let y = 0; y < H; y++) rgb.fill(250, (y * W + k) * 3, (y * W + k + 3) * 3);
    return rgb;
  };
  const matteOf = (img: RawImage) => {
    const alpha = new Uint8Array(W * H);
    for (let p = 0; p < alpha.length; p++) if (img.data[p * 3] === 250) alpha[p] = 255;
    return alpha;
  };
  const frames = Array.from({ length: 5 }, (_, k) => frame(k));

  it('sends only keyframes to the model, in one batch when it can take one', async () => {
    const batches: number[] = [];
    const segmenter: ClipSegmenter = {
      segment: () => Promise.reject(new Error('one by one')),
      segmentFrames: (imgs) => {
        batches.push(imgs.length);
        return Promise.resolve(imgs.map(matteOf));
      },
    };
    const mattes = await segmentFrames(frames, W, H, segmenter, { smoothing: false });
    assert.deepEqual(batches, [3], 'frames 0, 2 and 4 in one call');
    // the frames between follow the moving bar (colour-guided), not a blend of two
    assert.deepEqual(
      mattes.map((m) => m.join('')),
      frames.map((f) => matteOf({ data: f, width: W, height: H, channels: 3 }).join('')),
    );
  });

  it('segments every frame one by one with step 1 and a plain segmenter', async () => {
    let calls = 0;
    const segmenter: ClipSegmenter = {
      segment: (img) => {
        calls++;
        return Promise.resolve(matteOf(img));
      },
    };
    const mattes = await segmentFrames(frames, W, H, segmenter, { keyframeStep: 1 });
    assert.equal(calls, 5);
    assert.equal(mattes.length, 5);
  });
});
