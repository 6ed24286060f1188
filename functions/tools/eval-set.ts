/**
 * The labelled portrait set of the benchmarks (bench:matting, sweep-matte): photos with their
 * ground-truth person masks, read from ../shared/eval (never copied into the repository).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

const PHOTO = /^(\d+)\.(jpe?g|png)$/i;

/** The plain backgrounds of the fringe figure: a light green and a dark purple. */
export const FRINGE_BACKGROUNDS = [
  [90, 200, 110],
  [60, 25, 90],
] as const;

export interface Sample {
  set: string;
  name: string;
  photo: Buffer;
  mask: Uint8Array;
  width: number;
  height: number;
}

/** Finds every photo with a mask under `dir`, decoding the masks (not timed). */
export async function loadSamples(dir: string): Promise<Sample[]> {
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) {
    throw new Error(`dataset folder not found: ${dir}`);
  }
  const files = (await readdir(dir, { recursive: true })).sort();
  const samples: Sample[] = [];
  for (const rel of files) {
    const match = PHOTO.exec(path.basename(rel));
    if (match === null) continue;
    const maskPath = path.join(dir, path.dirname(rel), `${match[1]}.mask.png`);
    const mask = await readFile(maskPath).catch(() => undefined);
    if (mask === undefined) continue;
    const { data, info: m } = await sharp(mask)
      .removeAlpha()
      .toColourspace('b-w')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const set = path.dirname(rel) === '.' ? path.basename(dir) : path.dirname(rel);
    samples.push({
      set,
      name: path.basename(rel),
      photo: await readFile(path.join(dir, rel)),
      mask: data,
      width: m.width,
      height: m.height,
    });
  }
  if (samples.length === 0) {
    throw new Error(`no NNN.jpg|png with NNN.mask.png found under ${dir}`);
  }
  return samples;
}
