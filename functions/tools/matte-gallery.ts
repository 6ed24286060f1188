/**
 * CLI: the before/after gallery of functions/README.md ("Matte and edge colours").
 *
 *   tsx functions/tools/matte-gallery.ts [--samples DIR] [--out DIR]
 *
 * For each redistributable sample photo (DIR, default ../shared/samples beside the repository:
 * astronaut.png, camera.png; never the eval photos) it makes the sticker twice through the
 * matting path, without the outline so the edge shows: "before" with the model's map as the
 * matte and the photo's colours (`raw`), "after" with colour-reclassify.ts, matte.ts and foreground.ts. Each row of
 * the written `<name>.png` is one of them: the whole sticker on a checkerboard, then the upper
 * left of the person's outline at 2x on a checkerboard and on the chat page's light and dark
 * backgrounds.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { loadConfig } from '../../shared/config';
import { backendSetting } from '../matting/backend-setting';
import { composeSticker } from '../matting/compose';
import { type PersonSegmenter, cutoutImage } from '../matting/cutout-core';
import { createSegmenter } from '../matting/segment';

const REPO = path.resolve(__dirname, '..', '..');
const SAMPLES = ['astronaut.png', 'camera.png'];
/** Side of a tile in the gallery, and of the crop shown at 2x. */
const TILE = 256;
const CROP = TILE / 2;
/** The chat page's backgrounds (emulators/telegram/chat-page/chat.css, --bg-1 light and dark). */
const LIGHT = [0xd8, 0xe3, 0xb6] as const;
const DARK = [0x2d, 0x3b, 0x2a] as const;

interface Rgba {
  data: Buffer;
  width: number;
  height: number;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      samples: { type: 'string', default: path.resolve(REPO, '..', 'shared', 'samples') },
      out: { type: 'string', default: path.join(REPO, 'functions', 'docs', 'matte-gallery') },
    },
  });
  const { TFJS_BACKEND } = loadConfig({ TFJS_BACKEND: backendSetting });
  const segmenter = await createSegmenter({ backend: TFJS_BACKEND });
  await mkdir(values.out, { recursive: true });
  for (const name of SAMPLES) {
    const photo = await readFile(path.join(values.samples, name));
    const rows: Buffer[] = [];
    for (const raw of [true, false])
      rows.push(await galleryRow(await sticker(photo, segmenter, raw)));
    const file = path.join(values.out, name);
    const png = await sharp(Buffer.concat(rows), {
      raw: { width: 4 * TILE, height: 2 * TILE, channels: 3 },
    })
      .png({ compressionLevel: 9 })
      .toBuffer();
    await writeFile(file, png);
    console.log(`${path.relative(process.cwd(), file)}: ${png.length} bytes`);
  }
  segmenter.dispose();
}

/** The sticker of `photo` without outline, decoded to RGBA. */
async function sticker(photo: Buffer, segmenter: PersonSegmenter, raw: boolean): Promise<Rgba> {
  const cut = await cutoutImage(photo, segmenter, { raw, maxSide: 1024 });
  const made = await composeSticker(cut.rgb, cut.alpha, cut.width, cut.height, { outline: 0 });
  const { data, info } = await sharp(made.webp)
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** One gallery row, packed RGB `4 * TILE` x `TILE`: whole sticker, then the 2x crop on 3 grounds. */
async function galleryRow(s: Rgba): Promise<Buffer> {
  const whole = await sharp(s.data, { raw: { width: s.width, height: s.height, channels: 4 } })
    .resize(TILE, TILE, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .raw()
    .toBuffer();
  const crop = await sharp(s.data, { raw: { width: s.width, height: s.height, channels: 4 } })
    .extract(topOfPerson(s))
    .resize(TILE, TILE, { kernel: 'nearest' })
    .raw()
    .toBuffer();
  const tiles = [
    over(whole, checker),
    over(crop, checker),
    over(crop, () => LIGHT),
    over(crop, () => DARK),
  ];
  const row = Buffer.alloc(4 * TILE * TILE * 3);
  for (let y = 0; y < TILE; y++) {
    for (const [t, tile] of tiles.entries()) {
      tile.copy(row, (y * 4 * TILE + t * TILE) * 3, y * TILE * 3, (y + 1) * TILE * 3);
    }
  }
  return row;
}

/**
 * A CROP-square on the upper left of the person's outline: centred on the first opaque pixel
 * of the row CROP/4 below the person's top, so the outline crosses it.
 */
function topOfPerson(s: Rgba): { left: number; top: number; width: number; height: number } {
  const opaque = (x: number, y: number) => s.data[(y * s.width + x) * 4 + 3]! >= 128;
  let top = 0;
  while (top < s.height && ![...Array(s.width).keys()].some((x) => opaque(x, top))) top++;
  const y = Math.min(s.height - 1, top + CROP / 4);
  let x = 0;
  while (x < s.width - 1 && !opaque(x, y)) x++;
  const clamp = (v: number, max: number) => Math.max(0, Math.min(max - CROP, Math.round(v)));
  return {
    left: clamp(x - CROP / 2, s.width),
    top: clamp(y - CROP / 2, s.height),
    width: CROP,
    height: CROP,
  };
}

function checker(x: number, y: number): readonly [number, number, number] {
  return ((x >> 4) + (y >> 4)) % 2 === 0 ? [255, 255, 255] : [204, 204, 204];
}

/** A TILE-square RGBA tile composited over a background given per pixel, as packed RGB. */
function over(rgba: Buffer, ground: (x: number, y: number) => readonly number[]): Buffer {
  const out = Buffer.alloc(TILE * TILE * 3);
  for (let y = 0, p = 0; y < TILE; y++) {
    for (let x = 0; x < TILE; x++, p++) {
      const a = rgba[p * 4 + 3]! / 255;
      const g = ground(x, y);
      for (let c = 0; c < 3; c++) {
        out[p * 3 + c] = Math.round(a * rgba[p * 4 + c]! + (1 - a) * g[c]!);
      }
    }
  }
  return out;
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`matte-gallery: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
