import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type MaskView, blendViews } from './mask-resample';

/** A view of `data` (w x h) stretched over an image of `iw` x `ih` pixels. */
function stretched(data: number[], w: number, h: number, iw: number, ih: number): MaskView {
  return {
    data: Float32Array.from(data),
    width: w,
    height: h,
    scaleX: w / iw,
    offsetX: 0,
    scaleY: h / ih,
    offsetY: 0,
  };
}

describe('blendViews', () => {
  it('reproduces a same-size view exactly (pixel centres aligned)', () => {
    const data = [0, 0.25, 0.5, 1, 0.75, 0.1];
    const alpha = blendViews([stretched(data, 3, 2, 3, 2)], 3, 2);
    assert.deepEqual(
      [...alpha],
      data.map((p) => Math.round(p * 255)),
    );
  });

  it('interpolates bilinearly and replicates the border when upsampling', () => {
    // 2x1 map [0, 1] over a 4x1 image: centres at u = 0.25, 0.75, 1.25, 1.75 -> 0, .25, .75, 1.
    const alpha = blendViews([stretched([0, 1], 2, 1, 4, 1)], 4, 1);
    assert.deepEqual([...alpha], [0, 64, 191, 255]);
  });

  it('averages a crop view with the whole view inside the crop only', () => {
    const whole = stretched([0.2, 0.2, 0.2, 0.2], 2, 2, 4, 4);
    // Crop = right half of the image (x 2..3), all 1.
    const crop: MaskView = {
      data: Float32Array.from([1, 1]),
      width: 1,
      height: 2,
      scaleX: 0.5,
      offsetX: -1,
      scaleY: 0.5,
      offsetY: 0,
    };
    const alpha = blendViews([whole, crop], 4, 4);
    for (let y = 0; y < 4; y++) {
      assert.deepEqual([...alpha.subarray(y * 4, y * 4 + 4)], [51, 51, 153, 153]);
    }
  });

  it('clamps probabilities outside [0, 1]', () => {
    assert.deepEqual([...blendViews([stretched([-0.5, 1.5], 2, 1, 2, 1)], 2, 1)], [0, 255]);
  });
});
