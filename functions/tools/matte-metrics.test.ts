import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundaryF, compositeOnto, fringe, scoreMatte } from './matte-metrics';

/** A `w` x `h` plane from a function of the pixel. */
function plane(w: number, h: number, f: (x: number, y: number) => number): Uint8Array {
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = f(x, y);
  return out;
}

const [W, H] = [40, 30];
/** Ground truth: the left half is the person. */
const mask = plane(W, H, (x) => (x < 20 ? 255 : 0));

describe('scoreMatte', () => {
  it('scores a perfect matte as perfect', () => {
    assert.deepEqual(scoreMatte(mask, mask, W, H), {
      iou: 1,
      mae: 0,
      ghost: 0,
      soft: 0,
      boundaryF: 1,
    });
  });

  it('counts ghosts only on the background, soft pixels anywhere', () => {
    // a column of 0.3 on each side of the outline, and one of 0.7 on the background
    const alpha = plane(W, H, (x) =>
      x === 19 || x === 20 ? 77 : x === 30 ? 179 : x < 20 ? 255 : 0,
    );
    const s = scoreMatte(alpha, mask, W, H);
    assert.equal(s.ghost, 1 / W); // column 20 only: 19 is person, 30 is above 0.5
    assert.equal(s.soft, 3 / W);
    assert.ok(s.iou < 1 && s.mae > 0);
  });
});

describe('boundaryF', () => {
  it('forgives an outline 2 px off and not one 3 px off', () => {
    const shifted = (d: number) => plane(W, H, (x) => (x < 20 + d ? 255 : 0));
    assert.equal(boundaryF(shifted(2), mask, W, H), 1);
    assert.equal(boundaryF(shifted(3), mask, W, H), 0);
    assert.equal(boundaryF(new Uint8Array(W * H), mask, W, H), 0);
  });
});

describe('fringe', () => {
  const photo = new Uint8Array(W * H * 3).fill(200); // the person is light grey
  const scene = compositeOnto(photo, mask, [0, 100, 0]);

  it('is 0 when the edge shows the person colour, whatever the alpha there', () => {
    const alpha = plane(W, H, (x) => (x < 20 ? 255 : x < 22 ? 128 : 0));
    const rgb = new Uint8Array(W * H * 3).fill(200);
    assert.deepEqual(fringe({ rgb, alpha }, photo, mask, W, H), { translucent: 0, all: 0 });
  });

  it('grows with the alpha of background-coloured pixels next to the person', () => {
    const at = (a: number) => {
      const alpha = plane(W, H, (x) => (x < 20 ? 255 : x < 22 ? a : 0));
      return fringe({ rgb: scene, alpha }, photo, mask, W, H).all;
    };
    // band: 3 px each side of the outline, 2 of the 3 outer columns at alpha a, error
    // (200 + 100 + 200) / 3 per pixel
    assert.equal(at(0), 0);
    assert.ok(Math.abs(at(255) - ((2 / 6) * 500) / 3) < 1e-9, `${at(255)}`);
    assert.ok(Math.abs(at(51) - at(255) / 5) < 1e-9);
  });
});

describe('fringe of translucent pixels', () => {
  it('leaves opaque pixels on the wrong side of the outline to `all`', () => {
    const photo = new Uint8Array(W * H * 3).fill(200);
    const scene = compositeOnto(photo, mask, [0, 100, 0]);
    const opaque = plane(W, H, (x) => (x < 21 ? 255 : 0));
    const soft = plane(W, H, (x) => (x < 20 ? 255 : x < 21 ? 255 * 0.4 : 0));
    const a = fringe({ rgb: scene, alpha: opaque }, photo, mask, W, H);
    const b = fringe({ rgb: scene, alpha: soft }, photo, mask, W, H);
    assert.equal(a.translucent, 0);
    assert.ok(a.all > 0);
    assert.ok(Math.abs(b.translucent - b.all) < 1e-9 && b.all > 0);
  });
});
