/**
 * Encoded photo in, cut-out out: the one code path shared by the matting function, the
 * `cutout` CLI and the benchmark, so what is measured is what runs.
 */
import sharp from 'sharp';
import { decodeImage } from './decode';
import { reclassifyByColour } from './colour-reclassify';
import { estimateForeground } from './foreground';
import { refineMatte } from './matte';
import type { RawImage } from './segment';

/** What the pipeline needs of the segmentation model: a matte at the size it was given. */
export interface PersonSegmenter {
  segment(img: RawImage): Promise<Uint8Array>;
}

/** A photo and its person matte, at the decoded resolution (after EXIF orientation). */
export interface Cutout {
  /** packed RGB, `width * height * 3` bytes */
  rgb: Buffer;
  /** the matte, `width * height` bytes (0 = background, 255 = person) */
  alpha: Uint8Array;
  width: number;
  height: number;
  /** true when the image was already a cut-out and its own transparency was kept */
  usedOwnAlpha: boolean;
  timings: { decodeMs: number; segmentMs: number; matteMs: number };
}

export interface CutoutOptions {
  /** shrink on load to this longest side (the sticker needs no more); unset keeps the input's */
  maxSide?: number;
  /**
   * keep the model's soft map as the matte and the photo's own colours on the edge, instead
   * of the refined matte and estimated foreground colours (for before/after comparisons)
   */
  raw?: boolean;
}

/**
 * The model's map moved to the photo's colours near the edge (colour-reclassify.ts), made into
 * the sticker's matte (matte.ts), and the edge pixels' colours made the person's (foreground.ts),
 * in place on `cut`. Exported for paths that segment on their
 * own (e.g. frame by frame).
 */
export function finishCutout(cut: Pick<Cutout, 'rgb' | 'alpha' | 'width' | 'height'>): void {
  const map = reclassifyByColour(cut.alpha, cut.rgb, cut.width, cut.height);
  cut.alpha = refineMatte(map, cut.width, cut.height);
  estimateForeground(cut.rgb, cut.alpha, cut.width, cut.height);
}

/**
 * Decodes `input` and cuts the person out: segmentation, then the matte and edge colours of
 * `finishCutout`. An image that is already a cut-out (a PNG or WebP whose own alpha hides a
 * good part of it) keeps its transparency and colours instead of being segmented again.
 *
 * @throws PermanentError (undecodable, too_many_pixels) for input a user must change
 */
export async function cutoutImage(
  input: Buffer,
  segmenter: PersonSegmenter | (() => Promise<PersonSegmenter>),
  opts: CutoutOptions = {},
): Promise<Cutout> {
  const t0 = performance.now();
  const img = await decodeImage(input, { maxSide: opts.maxSide });
  const t1 = performance.now();
  let alpha = img.alpha;
  if (!alpha) {
    const model = typeof segmenter === 'function' ? await segmenter() : segmenter;
    alpha = await model.segment({
      data: img.rgb,
      width: img.width,
      height: img.height,
      channels: 3,
    });
  }
  const t2 = performance.now();
  const cut = { rgb: img.rgb, alpha, width: img.width, height: img.height };
  if (!img.alpha && !opts.raw) finishCutout(cut);
  const t3 = performance.now();
  return {
    ...cut,
    usedOwnAlpha: img.alpha !== null,
    timings: {
      decodeMs: Math.round(t1 - t0),
      segmentMs: Math.round(t2 - t1),
      matteMs: Math.round(t3 - t2),
    },
  };
}

/** Decodes `input` to the RGB pixels the segmenter takes, at full resolution. */
export async function decodeRaw(input: Buffer): Promise<RawImage & { data: Buffer }> {
  const img = await decodeImage(input);
  return { data: img.rgb, width: img.width, height: img.height, channels: 3 };
}

/** The cut-out as RGBA pixels: the photo's colours with the matte as alpha. */
export function toRgba(cutout: Pick<Cutout, 'rgb' | 'alpha'>): Buffer {
  const { rgb, alpha } = cutout;
  const rgba = Buffer.allocUnsafe(alpha.length * 4);
  for (let i = 0, s = 0, d = 0; i < alpha.length; i++, s += 3, d += 4) {
    rgba[d] = rgb[s]!;
    rgba[d + 1] = rgb[s + 1]!;
    rgba[d + 2] = rgb[s + 2]!;
    rgba[d + 3] = alpha[i]!;
  }
  return rgba;
}

/** Encodes a cut-out as an RGBA PNG. */
export function encodePng(cutout: Cutout): Promise<Buffer> {
  return sharp(toRgba(cutout), { raw: { width: cutout.width, height: cutout.height, channels: 4 } })
    .png()
    .toBuffer();
}
