import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { PermanentError } from '../../shared/errors';
import { FOREIGN_FILES, ellipseMask, pngBomb } from '../../shared/testing';
import { makeSticker, type PersonSegmenter } from './make-sticker';

/**
 * Hostile and unusual images through the whole matting pipeline (decode → matte →
 * sticker). Each case has a defined outcome: a valid sticker, or a friendly message key;
 * never a crash or an error that would be retried. The "person" is a centred ellipse from
 * a fake segmenter, so these cases test decoding and composition, not the model.
 */
const ellipse: PersonSegmenter = {
  segment: ({ width, height }) => Promise.resolve(ellipseMask(width, height, 3, 2.5)),
};

const base = (w = 300, h = 400, background = '#a06040') =>
  sharp({ create: { width: w, height: h, channels: 3, background } });

/** A baseline JPEG whose SOF header claims `w` x `h` (patched: a tiny file, huge claim). */
async function jpegClaiming(w: number, h: number): Promise<Buffer> {
  const jpeg = await base(16, 16).jpeg().toBuffer();
  const out = Buffer.from(jpeg);
  for (let i = 2; i < out.length - 9; i++) {
    if (out[i] === 0xff && out[i + 1] === 0xc0) {
      out.writeUInt16BE(h, i + 5);
      out.writeUInt16BE(w, i + 7);
      return out;
    }
  }
  throw new Error('no SOF0 marker');
}

/** A red disc of radius `r` in the middle of a transparent square of side `size` (RGBA). */
function disc(size: number, r: number): Buffer {
  const px = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      if ((x + 0.5 - size / 2) ** 2 + (y + 0.5 - size / 2) ** 2 <= r * r) {
        px.set([0xcc, 0x33, 0x33, 255], (y * size + x) * 4);
      }
  return px;
}

type Expect =
  'sticker' | 'undecodable' | 'too_many_pixels' | 'too_small' | 'not_image' | 'no_person';

const cases: [string, () => Promise<Buffer>, Expect][] = [
  ['baseline JPEG', () => base().jpeg().toBuffer(), 'sticker'],
  ['progressive JPEG', () => base().jpeg({ progressive: true }).toBuffer(), 'sticker'],
  ['CMYK JPEG', () => base().toColourspace('cmyk').jpeg().toBuffer(), 'sticker'],
  ['greyscale JPEG', () => base().greyscale().jpeg().toBuffer(), 'sticker'],
  ['16-bit PNG', () => base().toColourspace('rgb16').png().toBuffer(), 'sticker'],
  ['greyscale PNG', () => base().greyscale().png().toBuffer(), 'sticker'],
  ['palette PNG', () => base().png({ palette: true, colours: 4 }).toBuffer(), 'sticker'],
  ['opaque PNG with an alpha channel', () => base().ensureAlpha().png().toBuffer(), 'sticker'],
  ['lossy WebP', () => base().webp().toBuffer(), 'sticker'],
  ['lossless WebP', () => base().webp({ lossless: true }).toBuffer(), 'sticker'],
  [
    'transparent cut-out PNG (own alpha kept)',
    // drawn from raw pixels: SVG, like every loader but JPEG, PNG and WebP, is blocked
    () =>
      sharp(disc(200, 60), { raw: { width: 200, height: 200, channels: 4 } })
        .png()
        .toBuffer(),
    'sticker',
  ],
  [
    'EXIF-rotated JPEG (orientation 6)',
    () => base(400, 300).jpeg().withMetadata({ orientation: 6 }).toBuffer(),
    'sticker',
  ],
  [
    'EXIF-rotated JPEG (orientation 3)',
    () => base().jpeg().withMetadata({ orientation: 3 }).toBuffer(),
    'sticker',
  ],
  [
    'animated WebP (first frame)',
    async () =>
      sharp([await base().png().toBuffer(), await base(300, 400, '#406080').png().toBuffer()], {
        join: { animated: true },
      })
        .webp({ loop: 0 })
        .toBuffer(),
    'sticker',
  ],
  ['tiny 1x1 JPEG', () => base(1, 1).jpeg().toBuffer(), 'too_small'],
  ['tiny 3x2 PNG', () => base(3, 2).png().toBuffer(), 'too_small'],
  ['small 16x24 PNG (scaled up)', () => base(16, 24).png().toBuffer(), 'sticker'],
  ['thumbnail 99x130 JPEG (scaled up)', () => base(99, 130).jpeg().toBuffer(), 'sticker'],
  ['extreme aspect 4000x20', () => base(4000, 20).jpeg().toBuffer(), 'sticker'],
  ['extreme aspect 20x4000', () => base(20, 4000).png().toBuffer(), 'sticker'],
  [
    'big 6000x4000 JPEG (shrunk on load)',
    () => base(6000, 4000).jpeg({ quality: 50 }).toBuffer(),
    'sticker',
  ],
  ['zero bytes', () => Promise.resolve(Buffer.alloc(0)), 'undecodable'],
  [
    'random bytes',
    () => Promise.resolve(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251))),
    'undecodable',
  ],
  [
    'JPEG magic then garbage',
    () =>
      Promise.resolve(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 7)])),
    'undecodable',
  ],
  [
    'JPEG truncated to its first 200 bytes',
    async () => (await base().jpeg().toBuffer()).subarray(0, 200),
    'undecodable',
  ],
  [
    'PNG truncated after the header',
    async () => (await base().png().toBuffer()).subarray(0, 60),
    'undecodable',
  ],
  ['WebP truncated', async () => (await base().webp().toBuffer()).subarray(0, 40), 'undecodable'],
  [
    'PNG with a corrupted IDAT',
    async () => {
      const png = Buffer.from(await base().png().toBuffer());
      const idat = png.indexOf('IDAT');
      for (let i = idat + 8; i < Math.min(png.length - 12, idat + 200); i++) png[i] = 0x55;
      return png;
    },
    'undecodable',
  ],
  [
    'PNG bomb declaring 30000x30000',
    () => Promise.resolve(pngBomb(30000, 30000)),
    'too_many_pixels',
  ],
  [
    'PNG bomb declaring 100000x1000',
    () => Promise.resolve(pngBomb(100000, 1000)),
    'too_many_pixels',
  ],
  ['JPEG header claiming 60000x60000', () => jpegClaiming(60000, 60000), 'too_many_pixels'],
  [
    'SVG',
    () =>
      Promise.resolve(
        Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="100" height="100"/></svg>',
        ),
      ),
    'not_image',
  ],
  ...FOREIGN_FILES,
  [
    'fully transparent PNG (a cut-out with nobody in it)',
    () =>
      sharp({
        create: { width: 64, height: 64, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
      })
        .png()
        .toBuffer(),
    'no_person',
  ],
];

describe('hostile and unusual images: each has a defined outcome', () => {
  for (const [name, make, expected] of cases) {
    test(`${name} → ${expected}`, async () => {
      const data = await make();
      const run = makeSticker(data, () => Promise.resolve(ellipse), {
        workingSize: 1024,
        outline: 8,
      });
      if (expected === 'sticker') {
        const s = await run;
        const meta = await sharp(s.webp).metadata();
        assert.equal(meta.format, 'webp');
        assert.equal(Math.max(meta.width, meta.height), 512);
        assert.ok(s.webp.length <= 512 * 1024);
      } else {
        await assert.rejects(run, (err: unknown) => {
          assert.ok(err instanceof PermanentError, `PermanentError, got ${String(err)}`);
          assert.equal(err.userMessage, expected);
          return true;
        });
      }
    });
  }
});
