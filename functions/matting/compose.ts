import sharp from 'sharp';
import { PermanentError } from '../../shared/errors';
import { squaredDistanceTo } from './distance';

/** Telegram static sticker rules: one side exactly 512 px, the other ≤ 512, ≤ 512 KB. */
export const STICKER_SIZE = 512;
export const STICKER_MAX_BYTES = 512 * 1024;

export interface ComposeOptions {
  /** white outline width in px at sticker scale; 0 turns it off */
  outline: number;
  /** smallest share of the image the person must cover to count as found */
  minPersonFraction?: number;
  maxBytes?: number;
}

export const DEFAULT_OUTLINE_PX = 8;

export interface Sticker {
  webp: Buffer;
  width: number;
  height: number;
  quality: number;
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Bounding box of the pixels whose alpha is at least `threshold`, and how many there
 * are; null when there are none. Used to trim the sticker to the person.
 */
export function alphaBox(
  alpha: Uint8Array,
  width: number,
  height: number,
  threshold: number,
): (Box & { count: number }) | null {
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  let count = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (alpha[row + x]! >= threshold) {
        count++;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  if (count === 0) return null;
  return { left: minX, top: minY, width: maxX - minX + 1, height: maxY - minY + 1, count };
}

/**
 * Alpha of a white outline `radius` px wide around the opaque part of `alpha`, with a
 * one-pixel anti-aliased rim; round at corners because it follows true distance.
 */
export function outlineAlpha(
  alpha: Uint8Array,
  width: number,
  height: number,
  radius: number,
): Uint8Array {
  const d2 = squaredDistanceTo((i) => alpha[i]! >= 128, width, height);
  const out = new Uint8Array(width * height);
  for (let i = 0; i < out.length; i++) {
    const cover = radius + 0.5 - Math.sqrt(d2[i]!);
    out[i] = cover >= 1 ? 255 : cover <= 0 ? 0 : Math.round(cover * 255);
  }
  return out;
}

/** `top` composited over a white layer whose alpha is `under` (straight alpha, RGBA). */
function overWhite(top: Buffer, under: Uint8Array): Buffer {
  const out = Buffer.alloc(top.length);
  for (let i = 0, p = 0; p < under.length; p++, i += 4) {
    const a = top[i + 3]! / 255;
    const b = (under[p]! / 255) * (1 - a);
    const ao = a + b;
    if (ao <= 0) continue;
    out[i] = Math.round((top[i]! * a + 255 * b) / ao);
    out[i + 1] = Math.round((top[i + 1]! * a + 255 * b) / ao);
    out[i + 2] = Math.round((top[i + 2]! * a + 255 * b) / ao);
    out[i + 3] = Math.round(ao * 255);
  }
  return out;
}

/**
 * Turns a photo and its person matte into a Telegram static sticker: trimmed to the
 * person, scaled so the longer side is exactly 512 px, optional white outline, WebP
 * with transparency, quality stepped down until it fits in 512 KB.
 *
 * @param rgb packed RGB (3 channels) at `width` x `height`
 * @param alpha person matte at the same size, 0..255
 * @throws PermanentError('no_person') when the matte is (nearly) empty
 */
export async function composeSticker(
  rgb: Uint8Array,
  alpha: Uint8Array,
  width: number,
  height: number,
  opts: ComposeOptions,
): Promise<Sticker> {
  const maxBytes = opts.maxBytes ?? STICKER_MAX_BYTES;
  const solid = alphaBox(alpha, width, height, 128);
  const minCount = Math.max(64, (opts.minPersonFraction ?? 0.005) * width * height);
  if (!solid || solid.count < minCount) {
    throw new PermanentError(`no person found (${solid?.count ?? 0} px)`, 'no_person');
  }
  const box = alphaBox(alpha, width, height, 16) ?? solid;

  const rgba = Buffer.alloc(width * height * 4);
  for (let p = 0, i = 0, j = 0; p < alpha.length; p++, i += 4, j += 3) {
    rgba[i] = rgb[j]!;
    rgba[i + 1] = rgb[j + 1]!;
    rgba[i + 2] = rgb[j + 2]!;
    rgba[i + 3] = alpha[p]!;
  }
  const radius = Math.max(0, Math.round(opts.outline));
  const pad = radius > 0 ? radius + 2 : 0;
  const inner = STICKER_SIZE - 2 * pad;
  const scale = inner / Math.max(box.width, box.height);
  const w = Math.max(1, Math.min(inner, Math.round(box.width * scale)));
  const h = Math.max(1, Math.min(inner, Math.round(box.height * scale)));
  const { data: person } = await sharp(rgba, { raw: { width, height, channels: 4 } })
    .extract(box)
    .resize(w, h, { fit: 'fill', kernel: scale > 1 ? 'cubic' : 'lanczos3' })
    .extend({
      top: pad,
      bottom: pad,
      left: pad,
      right: pad,
      background: { r: 0, g: 0, b: 0, alpha: 0 },
    })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const W = w + 2 * pad;
  const H = h + 2 * pad;
  let pixels = person;
  if (radius > 0) {
    const a = new Uint8Array(W * H);
    for (let p = 0; p < a.length; p++) a[p] = person[p * 4 + 3]!;
    pixels = overWhite(person, outlineAlpha(a, W, H, radius));
  }
  for (const quality of [90, 80, 70, 60, 50, 40, 30, 20]) {
    const webp = await sharp(pixels, { raw: { width: W, height: H, channels: 4 } })
      .webp({ quality, alphaQuality: 90, effort: 4 })
      .toBuffer();
    if (webp.length <= maxBytes) return { webp, width: W, height: H, quality };
  }
  throw new Error(`sticker does not fit in ${maxBytes} bytes even at the lowest quality`);
}
