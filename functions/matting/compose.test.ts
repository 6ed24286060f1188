import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { PermanentError } from '../../shared/errors';
import { CAPTION_LAYOUT } from './caption';
import { alphaBox, outlineAlpha } from './alpha';
import { STICKER_MAX_BYTES, STICKER_SIZE, composeSticker } from './compose';
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

  describe('with a caption', () => {
    /** Opaque light and dark pixels in rows [from, to) of a decoded sticker. */
    function band(img: Awaited<ReturnType<typeof decode>>, from: number, to: number) {
      let light = 0;
      let dark = 0;
      for (let y = from; y < to; y++) {
        for (let x = 0; x < img.info.width; x++) {
          const i = (y * img.info.width + x) * 4;
          if (img.data[i + 3]! < 250) continue;
          const v = (img.data[i]! + img.data[i + 1]! + img.data[i + 2]!) / 3;
          if (v > 230) light++;
          else if (v < 40) dark++;
        }
      }
      return { light, dark };
    }
    /** Top of the caption band: the transparent gap above the lowest inked rows. */
    function captionTop(img: Awaited<ReturnType<typeof decode>>) {
      const inked = (y: number) => {
        for (let x = 0; x < img.info.width; x++) if (img.alphaAt(x, y) > 0) return true;
        return false;
      };
      let y = img.info.height - 1;
      while (y >= 0 && !inked(y)) y--;
      while (y >= 0 && inked(y)) y--;
      return y + 1;
    }

    const cases = [
      { name: 'tall person', W: 800, H: 600, box: { x: 300, y: 50, w: 200, h: 500 }, outline: 8 },
      { name: 'outline off', W: 800, H: 600, box: { x: 300, y: 50, w: 200, h: 500 }, outline: 0 },
      { name: 'wide person', W: 600, H: 800, box: { x: 10, y: 300, w: 580, h: 150 }, outline: 8 },
      { name: 'extreme wide', W: 2000, H: 300, box: { x: 0, y: 100, w: 2000, h: 30 }, outline: 8 },
      { name: 'extreme tall', W: 300, H: 2000, box: { x: 140, y: 0, w: 20, h: 2000 }, outline: 8 },
      { name: 'tiny image', W: 40, H: 30, box: { x: 5, y: 5, w: 30, h: 20 }, outline: 8 },
    ];
    const captions = [
      'Hola, señor! Größe',
      'Привет, мир',
      '<b>&amp; "x" <i>',
      '🎉🔥👍',
      'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(18),
    ];
    for (const c of cases) {
      test(`${c.name}: caption band under the person, one side 512, ≤ 512 KB`, async () => {
        const { rgb, alpha } = scene(c.W, c.H, c.box);
        const plain = await composeSticker(rgb, alpha, c.W, c.H, { outline: c.outline });
        for (const caption of captions) {
          const s = await composeSticker(rgb, alpha, c.W, c.H, { outline: c.outline, caption });
          const what = `${c.name} / ${caption.slice(0, 12)}`;
          assert.equal(Math.max(s.width, s.height), STICKER_SIZE, what);
          assert.ok(Math.min(s.width, s.height) >= 1, what);
          assert.ok(s.webp.length <= STICKER_MAX_BYTES, what);
          const meta = await sharp(s.webp).metadata();
          assert.deepEqual([meta.width, meta.height], [s.width, s.height]);
          const img = await decode(s.webp);
          const top = captionTop(img);
          const textRows = s.height - top;
          assert.ok(textRows >= 20 && textRows <= CAPTION_LAYOUT.maxHeight, `${what}: ${textRows}`);
          const { light, dark } = band(img, top, s.height);
          assert.ok(light > 100 && dark > 100, `${what}: light ${light}, dark ${dark}`);
          // the person gave up room for the text but was not squeezed away
          assert.ok(top >= 10, what);
          if (plain.height === STICKER_SIZE) assert.ok(top < plain.height, what);
          else assert.ok(s.height > plain.height, `${what}: taller`);
        }
      });
    }

    test('no caption, or one with nothing to draw, is byte-identical to none', async () => {
      const { rgb, alpha } = scene(800, 600, { x: 300, y: 50, w: 200, h: 500 });
      const none = await composeSticker(rgb, alpha, 800, 600, { outline: 8 });
      for (const caption of [undefined, '', '   \n\t ', '\u200d', '漢字']) {
        const s = await composeSticker(rgb, alpha, 800, 600, { outline: 8, caption });
        assert.ok(s.webp.equals(none.webp), JSON.stringify(caption));
      }
    });

    test('the byte limit still holds: quality steps down', async () => {
      const { rgb, alpha } = scene(1024, 1024, { x: 0, y: 0, w: 1024, h: 1024 }, 7);
      const caption = 'Lorem ipsum dolor sit amet '.repeat(10);
      const first = await composeSticker(rgb, alpha, 1024, 1024, { outline: 0, caption });
      const limit = Math.floor(first.webp.length * 0.6);
      const s = await composeSticker(rgb, alpha, 1024, 1024, {
        outline: 0,
        caption,
        maxBytes: limit,
      });
      assert.ok(s.webp.length <= limit);
      assert.ok(s.quality < first.quality);
    });
  });
});
