import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTemporalSmoother } from './temporal';

const W = 8;
const H = 4;
const N = W * H;

function solid(value: number, bytes = N * 3): Uint8Array {
  return new Uint8Array(bytes).fill(value);
}

describe('temporal smoothing', () => {
  it('returns the first matte unchanged', () => {
    const smooth = createTemporalSmoother(W, H);
    const alpha = Uint8Array.from({ length: N }, (_, i) => i * 7);
    assert.deepEqual(smooth(solid(100), alpha), alpha);
  });

  it('damps flicker where the picture stands still', () => {
    const smooth = createTemporalSmoother(W, H, { stillWeight: 0.4, motionFull: 24 });
    const rgb = solid(100);
    let rawChange = 0;
    let smoothChange = 0;
    let previous = smooth(rgb, solid(128, N));
    for (let k = 1; k < 20; k++) {
      const raw = solid(k % 2 === 0 ? 108 : 148, N); // the model wavering around 128
      const out = smooth(rgb, raw);
      rawChange += 40;
      smoothChange += Math.abs(out[0]! - previous[0]!);
      previous = out;
    }
    assert.ok(smoothChange < rawChange * 0.5, `${smoothChange} vs ${rawChange}`);
  });

  it('follows the new matte at once where the picture changed', () => {
    const smooth = createTemporalSmoother(W, H, { stillWeight: 0.4, motionFull: 24 });
    smooth(solid(0), solid(0, N));
    const moved = smooth(solid(60), solid(255, N)); // every channel changed by 60 > 24
    assert.deepEqual(moved, solid(255, N));
  });

  it('weighs the new matte by the motion in between', () => {
    const smooth = createTemporalSmoother(W, H, { stillWeight: 0.4, motionFull: 24 });
    smooth(solid(0), solid(0, N));
    const half = smooth(solid(12), solid(200, N)); // motion 12 of 24: weight 0.7
    assert.equal(half[0], 140);
  });

  it('with still weight 1 is no smoothing at all', () => {
    const smooth = createTemporalSmoother(W, H, { stillWeight: 1, motionFull: 24 });
    smooth(solid(0), solid(0, N));
    assert.deepEqual(smooth(solid(0), solid(77, N)), solid(77, N));
  });

  it('refuses a frame of another size', () => {
    const smooth = createTemporalSmoother(W, H);
    assert.throws(() => smooth(solid(0, 5), solid(0, N)), RangeError);
  });
});
