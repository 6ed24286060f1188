import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateForeground } from './foreground';

type Colour = [number, number, number];
const RED: Colour = [200, 40, 40];
const BLUE: Colour = [30, 60, 220];
const YELLOW: Colour = [240, 220, 30];

/**
 * A photo made by compositing a known foreground over a known background with a known alpha:
 * `fg(x, y)` and `bg(x, y)` give colours, `a(x, y)` 0..1.
 */
function scene(
  width: number,
  height: number,
  a: (x: number, y: number) => number,
  fg: (x: number, y: number) => Colour,
  bg: (x: number, y: number) => Colour,
) {
  const rgb = new Uint8Array(width * height * 3);
  const alpha = new Uint8Array(width * height);
  for (let y = 0, p = 0; y < height; y++) {
    for (let x = 0; x < width; x++, p++) {
      alpha[p] = Math.round(Math.min(1, Math.max(0, a(x + 0.5, y + 0.5))) * 255);
      const t = alpha[p]! / 255;
      const f = fg(x, y);
      const b = bg(x, y);
      for (let c = 0; c < 3; c++) rgb[3 * p + c] = Math.round(t * f[c]! + (1 - t) * b[c]!);
    }
  }
  return { rgb, alpha, width, height };
}

/** Largest and mean channel error against `fg` over pixels with alpha in [lo, 255). */
function errorOn(
  s: { rgb: Uint8Array; alpha: Uint8Array; width: number },
  fg: (x: number, y: number) => Colour,
  lo: number,
) {
  let max = 0;
  let sum = 0;
  let n = 0;
  for (let p = 0; p < s.alpha.length; p++) {
    if (s.alpha[p]! < lo || s.alpha[p] === 255) continue;
    const f = fg(p % s.width, Math.floor(p / s.width));
    for (let c = 0; c < 3; c++) {
      const e = Math.abs(s.rgb[3 * p + c]! - f[c]!);
      max = Math.max(max, e);
      sum += e;
      n++;
    }
  }
  return { max, mean: sum / Math.max(1, n), pixels: n / 3 };
}

const disc = (cx: number, cy: number, r: number, fade: number) => (x: number, y: number) =>
  0.5 + (r - Math.hypot(x - cx, y - cy)) / fade;

describe('estimateForeground', () => {
  it('recovers a plain foreground colour over a plain background (every level dense)', () => {
    const fg = () => RED;
    const s = scene(
      64,
      48,
      (x) => (44 - x) / 24,
      fg,
      () => BLUE,
    );
    const before = errorOn(s, fg, 26);
    estimateForeground(s.rgb, s.alpha, s.width, s.height);
    const after = errorOn(s, fg, 26);
    assert.ok(before.mean > 50, `the mixed colours are far from red (${before.mean})`);
    assert.ok(after.mean < 4 && after.max < 16, `F error ${JSON.stringify(after)}`);
  });

  it('recovers it at full resolution from the edge solve, over a striped background', () => {
    const fg = (x: number) => (x < 300 ? RED : YELLOW);
    const bg = (_x: number, y: number): Colour => (y % 16 < 8 ? BLUE : [20, 20, 20]);
    const s = scene(480, 360, disc(240, 180, 120, 5), fg, bg);
    const opaque = s.rgb.slice();
    const before = errorOn(s, fg, 26);
    estimateForeground(s.rgb, s.alpha, s.width, s.height);
    const after = errorOn(s, fg, 26);
    assert.ok(after.pixels > 1000, `${after.pixels} soft pixels`);
    assert.ok(before.mean > 40, `before ${before.mean}`);
    assert.ok(after.mean < 14, `F error ${JSON.stringify(after)}`);
    for (let p = 0; p < s.alpha.length; p++) {
      if (s.alpha[p] !== 0 && s.alpha[p] !== 255) continue;
      for (let c = 0; c < 3; c++) assert.equal(s.rgb[3 * p + c], opaque[3 * p + c], `pixel ${p}`);
    }
  });

  it('gives at full resolution what the dense solve on every level gives', () => {
    const fg = (x: number, y: number): Colour => [100 + (x % 50), 150, 80 + (y % 40)];
    const bg = (x: number): Colour => [230, 230 - (x % 90), 200];
    const make = () => scene(300, 260, disc(150, 130, 90, 6), fg, bg);
    const sparse = make();
    const dense = make();
    estimateForeground(sparse.rgb, sparse.alpha, 300, 260);
    estimateForeground(dense.rgb, dense.alpha, 300, 260, { denseSide: Infinity });
    const toDense = errorOn(
      sparse,
      (x, y) => {
        const p = 3 * (y * 300 + x);
        return [dense.rgb[p]!, dense.rgb[p + 1]!, dense.rgb[p + 2]!];
      },
      1,
    );
    assert.ok(toDense.mean < 6, `sparse vs dense ${JSON.stringify(toDense)}`);
    assert.ok(errorOn(sparse, fg, 26).mean <= errorOn(dense, fg, 26).mean + 2);
  });
});
