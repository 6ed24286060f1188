import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillBetweenKeyframes, interpolateMatte, keyframes } from './clip-interpolate';

const W = 40;
const H = 10;

/** A frame of a red square `side` px wide at column `left` on grey, and its exact matte. */
function scene(left: number, side = 10): { rgb: Uint8Array; alpha: Uint8Array } {
  const rgb = new Uint8Array(W * H * 3).fill(128);
  const alpha = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = left; x < Math.min(W, left + side); x++) {
      const p = y * W + x;
      rgb.set([220, 30, 30], p * 3);
      alpha[p] = 255;
    }
  }
  return { rgb, alpha };
}

const iou = (a: Uint8Array, b: Uint8Array) => {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i]! >= 128 && b[i]! >= 128) inter++;
    if (a[i]! >= 128 || b[i]! >= 128) union++;
  }
  return inter / union;
};

describe('matte interpolation between keyframes', () => {
  it('follows a moving person where a plain blend leaves a ghost', () => {
    const a = scene(4);
    const b = scene(12);
    const mid = scene(8);
    const got = interpolateMatte(a, b, mid.rgb, 0.5);
    assert.deepEqual(got, mid.alpha, 'exactly the matte of the frame between');
    // a plain blend: half-transparent where the square was and where it will be
    const plain = a.alpha.map((v, i) => Math.round((v + b.alpha[i]!) / 2));
    assert.ok(iou(plain, mid.alpha) < 1, 'the plain blend is wrong there');
    assert.equal(plain[4], 128);
  });

  it('blends by time where the picture did not change', () => {
    const still = scene(8).rgb;
    const a = { rgb: still, alpha: new Uint8Array(W * H).fill(100) };
    const b = { rgb: still, alpha: new Uint8Array(W * H).fill(200) };
    assert.ok(interpolateMatte(a, b, still, 0.25).every((v) => v === 125));
    assert.ok(interpolateMatte(a, b, still, 0.5).every((v) => v === 150));
  });

  it('takes the keyframe the pixel looks like', () => {
    const a = scene(4);
    const b = scene(20);
    // the frame between still looks like a, so it keeps a's matte, whatever the time
    assert.deepEqual(interpolateMatte(a, b, a.rgb, 0.9), a.alpha);
    assert.deepEqual(interpolateMatte(a, b, b.rgb, 0.1), b.alpha);
  });

  it('refuses frames of another size', () => {
    const a = scene(4);
    assert.throws(() => interpolateMatte(a, a, new Uint8Array(5), 0.5), RangeError);
    assert.throws(() => interpolateMatte(a, { rgb: a.rgb, alpha: new Uint8Array(3) }, a.rgb, 0.5));
  });

  it('keyframes: every step-th frame and always the last', () => {
    assert.deepEqual(keyframes(90, 2), [...Array.from({ length: 45 }, (_, i) => i * 2), 89]);
    assert.deepEqual(keyframes(5, 2), [0, 2, 4]);
    assert.deepEqual(keyframes(4, 1), [0, 1, 2, 3]);
    assert.deepEqual(keyframes(1, 2), [0]);
    assert.deepEqual(keyframes(0, 2), []);
  });

  it('fills every frame, keyframes keeping their own mattes', () => {
    const scenes = [0, 3, 6, 9, 12, 15, 18].map((left) => scene(left));
    const frames = scenes.map((s) => s.rgb);
    const keys = keyframes(frames.length, 3); // 0, 3, 6
    const keyMattes = keys.map((i) => scenes[i]!.alpha);
    const all = fillBetweenKeyframes(frames, keys, keyMattes);
    assert.equal(all.length, frames.length);
    for (const [k, i] of keys.entries()) assert.equal(all[i], keyMattes[k], 'the same array');
    for (const [i, s] of scenes.entries()) assert.deepEqual(all[i], s.alpha, `frame ${i}`);
    assert.throws(() => fillBetweenKeyframes(frames, [0, 3], keyMattes.slice(0, 2)), RangeError);
  });
});
