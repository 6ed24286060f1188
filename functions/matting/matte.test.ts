import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { refineMatte } from './matte';

/** An 8-bit matte from a function of the pixel centre giving 0..1. */
function matte(width: number, height: number, f: (x: number, y: number) => number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = f(x + 0.5, y + 0.5);
      out[y * width + x] = Math.round(Math.min(1, Math.max(0, v)) * 255);
    }
  }
  return out;
}

/** A disc of radius `r` at (cx, cy) whose edge fades linearly over `fade` px, as a map does. */
function disc(cx: number, cy: number, r: number, fade: number) {
  return (x: number, y: number) => 0.5 + (r - Math.hypot(x - cx, y - cy)) / fade;
}

const soft = (a: Uint8Array) => a.reduce((n, v) => n + (v > 0 && v < 255 ? 1 : 0), 0);

describe('refineMatte', () => {
  it('narrows a wide fade to a thin band and keeps the outline at 0.5 where it was', () => {
    const [w, h] = [200, 200];
    const input = matte(w, h, disc(100, 100, 60, 16));
    const out = refineMatte(input, w, h);
    // input: a 16-px ring of soft pixels; out: about one pixel (the box is 120 px < 512)
    assert.ok(soft(input) > 16 * 2 * Math.PI * 60 * 0.9, `input soft ${soft(input)}`);
    assert.ok(soft(out) < 2.5 * 2 * Math.PI * 60, `output soft ${soft(out)}`);
    for (let i = 0; i < input.length; i++) {
      assert.equal(out[i]! >= 128, input[i]! >= 128, `pixel ${i} changed side`);
    }
    // everything more than 1.5 px from the outline is fully in or fully out
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const d = Math.hypot(x + 0.5 - 100, y + 0.5 - 100) - 60;
        if (Math.abs(d) > 1.5) assert.equal(out[y * w + x], d < 0 ? 255 : 0, `(${x}, ${y})`);
      }
    }
  });

  it('makes the band edgePx wide at sticker scale, whatever the fade was', () => {
    // a vertical edge closing a 512-wide person box: sticker px = matte px
    const [w, h] = [1024, 8];
    for (const fade of [6, 20]) {
      for (const edgePx of [2, 4]) {
        const input = matte(w, h, (x) => 0.5 + (512 - x) / fade);
        const out = refineMatte(input, w, h, { edgePx });
        const row = out.subarray(4 * w, 5 * w);
        const band = soft(row);
        assert.ok(Math.abs(band - edgePx) <= 1, `fade ${fade}, edgePx ${edgePx}: band ${band}`);
        const mid = row[511]! + row[512]!; // the two pixels either side of the line
        assert.ok(Math.abs(mid - 255) <= 2, `fade ${fade}: line moved (${row[511]}, ${row[512]})`);
      }
    }
  });

  it('removes a translucent shadow attached to the person and islands away from it', () => {
    const [w, h] = [160, 160];
    const person = disc(80, 60, 40, 8);
    const input = matte(w, h, (x, y) => {
      if (y > 110 && y < 130 && x > 50 && x < 110) return 0.3; // flat shadow below the person
      if (Math.hypot(x - 20, y - 140) < 8) return 0.45; // a faint island
      if (Math.hypot(x - 145, y - 20) < 4) return 1; // a small solid blob: kept (see below)
      return person(x, y);
    });
    const out = refineMatte(input, w, h);
    const at = (x: number, y: number) => out[y * w + x];
    assert.equal(at(80, 120), 0, 'shadow');
    assert.equal(at(20, 140), 0, 'island');
    // solid blobs are the model map's business (keepMainBlobs), not the matte's
    assert.equal(at(145, 20), 255, 'solid blob');
    assert.equal(at(80, 60), 255, 'person');
    // the shadow touched the person's edge only where the edge's own band is
    let ghost = 0;
    for (let y = 106; y < 130; y++) for (let x = 50; x < 110; x++) if (at(x, y)! > 0) ghost++;
    assert.ok(ghost <= 10, `${ghost} shadow pixels left`);
  });

  it('leaves no person when nothing reaches the level, and keeps the input untouched', () => {
    const input = matte(32, 32, () => 0.4);
    const copy = Uint8Array.from(input);
    assert.deepEqual(refineMatte(input, 32, 32), new Uint8Array(32 * 32));
    assert.deepEqual(input, copy);
  });
});
