/**
 * Pure helpers on 8-bit alpha planes, shared by the sticker and its caption: the box
 * to trim to, and a round outline around the opaque part.
 */
import { squaredDistanceTo } from './distance';

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
  const coverAt = (d: number) => {
    const cover = radius + 0.5 - Math.sqrt(d);
    return cover >= 1 ? 255 : cover <= 0 ? 0 : Math.round(cover * 255);
  };
  // most pixels are inside (0) or beyond the outline: no square root for those
  const inside = coverAt(0);
  const beyond = (radius + 0.5) ** 2;
  for (let i = 0; i < out.length; i++) {
    const d = d2[i]!;
    out[i] = d === 0 ? inside : d >= beyond ? 0 : coverAt(d);
  }
  return out;
}
