import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { PermanentError } from '../../shared/errors';
import { STICKER_MAX_BYTES, STICKER_SIZE, alphaBox, composeSticker, outlineAlpha } from './compose';
import { squaredDistanceTo } from './distance';

/** An RGB image of random noise (hard to compress) and an elliptical matte in a box. */
function scene(
  width: number,
  height: number,
  box: { x: number; y: number; w: number; h: number },
  seed = 1,
) {
  const rgb = new Uint8Array(width * height * 3);
  let s = seed;
  for (let i = 0; i < rgb.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    rgb[i] = s >>> 24;
  }
  const alpha = new Uint8Array(width * height);
  const cx = box.x + box.w / 2;
  const cy = box.y + box.h / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = ((x + 0.5 - cx) / (box.w / 2)) ** 2 + ((y + 0.5 - cy) / (box.h / 2)) ** 2;
      alpha[y * width + x] = d <= 1 ? 255 : 0;
    }
  }
  return { rgb, alpha };
}

async function decode(webp: Buffer) {
  const { data, info } = await sharp(webp)
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, info, alphaAt: (x: number, y: number) => data[(y * info.width + x) * 4 + 3]! };
}

describe('distance transform', () => {
  test('matches brute force', () => {
    const w = 31;
    const h = 17;
    const pts = [
      [3, 4],
      [30, 16],
      [10, 10],
    ] as const;
    const d = squaredDistanceTo((i) => pts.some(([x, y]) => y * w + x === i), w, h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const want = Math.min(...pts.map(([a, b]) => (a - x) ** 2 + (b - y) ** 2));
        assert.equal(d[y * w + x], want, `${x},${y}`);
      }
    }
  });
});

describe('composeSticker', () => {
  const cases = [
    {
      name: 'portrait person in a landscape photo',
      W: 800,
      H: 600,
      box: { x: 300, y: 50, w: 200, h: 500 },
      tall: true,
    },
    { name: 'wide subject', W: 600, H: 800, box: { x: 10, y: 300, w: 580, h: 150 }, tall: false },
    {
      name: 'tiny image is scaled up',
      W: 40,
      H: 30,
      box: { x: 5, y: 5, w: 30, h: 20 },
      tall: false,
    },
    {
      name: 'extreme aspect ratio',
      W: 2000,
      H: 300,
      box: { x: 0, y: 100, w: 2000, h: 30 },
      tall: false,
    },
  ];
  for (const c of cases) {
    test(`${c.name}: one side exactly 512, other ≤ 512, WebP ≤ 512 KB, trimmed`, async () => {
      const { rgb, alpha } = scene(c.W, c.H, c.box);
      const s = await composeSticker(rgb, alpha, c.W, c.H, { outline: 8 });
      const meta = await sharp(s.webp).metadata();
      assert.equal(meta.format, 'webp');
      assert.equal(meta.hasAlpha, true);
      assert.equal(Math.max(meta.width, meta.height), STICKER_SIZE);
      assert.ok(Math.min(meta.width, meta.height) <= STICKER_SIZE);
      assert.ok(Math.min(meta.width, meta.height) >= 1);
      assert.equal(meta.height === STICKER_SIZE, c.tall);
      assert.ok(s.webp.length <= STICKER_MAX_BYTES);
      const img = await decode(s.webp);
      assert.equal(img.alphaAt(0, 0), 0, 'corner transparent');
      assert.equal(img.alphaAt(img.info.width - 1, img.info.height - 1), 0, 'corner transparent');
      const box = alphaBox(
        Uint8Array.from(
          { length: img.info.width * img.info.height },
          (_, p) => img.data[p * 4 + 3]!,
        ),
        img.info.width,
        img.info.height,
        128,
      )!;
      // trimmed: the subject (with its outline) reaches within a few px of the long sides
      const long = c.tall ? box.height : box.width;
      assert.ok(long >= STICKER_SIZE - 6, `trimmed (${long})`);
    });
  }

  test('the outline is white, opaque, about as wide as asked, and can be turned off', async () => {
    const W = 400;
    const H = 400;
    const { alpha } = scene(W, H, { x: 100, y: 100, w: 200, h: 200 });
    const black = new Uint8Array(W * H * 3); // a black person makes the white outline stand out
    const centreRow = async (outline: number) => {
      const s = await composeSticker(black, alpha, W, H, { outline });
      const img = await decode(s.webp);
      const y = Math.floor(img.info.height / 2);
      let firstOpaque = -1;
      let whiteRun = 0;
      for (let x = 0; x < img.info.width; x++) {
        const i = (y * img.info.width + x) * 4;
        if (img.data[i + 3]! >= 250) {
          if (firstOpaque < 0) firstOpaque = x;
          if (img.data[i]! > 200 && img.data[i + 1]! > 200 && img.data[i + 2]! > 200) whiteRun++;
          else break;
        }
      }
      return { firstOpaque, whiteRun };
    };
    const on = await centreRow(12);
    assert.ok(on.whiteRun >= 10 && on.whiteRun <= 14, `outline width ${on.whiteRun}`);
    const off = await centreRow(0);
    assert.equal(off.whiteRun, 0);
    assert.ok(off.firstOpaque <= 1, 'without outline the person touches the edge');
  });

  test('outlineAlpha is round: distance-based, anti-aliased at the rim', () => {
    const w = 41;
    const h = 41;
    const a = new Uint8Array(w * h);
    a[20 * w + 20] = 255;
    const o = outlineAlpha(a, w, h, 10);
    assert.equal(o[20 * w + 29], 255); // 9 px right
    assert.equal(o[20 * w + 30], 128); // 10 px right: the rim pixel is half covered
    assert.equal(o[20 * w + 31], 0); // 11 px right
    assert.equal(o[26 * w + 26], 255); // ~8.5 px diagonal
    assert.equal(o[28 * w + 28], 0); // ~11.3 px diagonal: round, where a square would cover it
  });

  test('no person (empty or specks of matte) → PermanentError no_person', async () => {
    const W = 300;
    const H = 200;
    const rgb = new Uint8Array(W * H * 3);
    const empty = new Uint8Array(W * H);
    const specks = new Uint8Array(W * H);
    for (let i = 0; i < 30; i++) specks[i * 997] = 255;
    for (const alpha of [empty, specks]) {
      await assert.rejects(composeSticker(rgb, alpha, W, H, { outline: 8 }), (err: unknown) => {
        assert.ok(err instanceof PermanentError);
        assert.equal(err.userMessage, 'no_person');
        return true;
      });
    }
  });

  test('quality steps down until the sticker fits the byte limit', async () => {
    const { rgb, alpha } = scene(1024, 1024, { x: 0, y: 0, w: 1024, h: 1024 }, 7);
    const first = await composeSticker(rgb, alpha, 1024, 1024, { outline: 0 });
    const limit = Math.floor(first.webp.length * 0.6);
    const s = await composeSticker(rgb, alpha, 1024, 1024, { outline: 0, maxBytes: limit });
    assert.ok(s.webp.length <= limit);
    assert.ok(s.quality < first.quality);
  });
});
