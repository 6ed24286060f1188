import sharp from 'sharp';
import { PermanentError } from '../../shared/errors';
import { alphaBox, outlineAlpha, type Box } from './alpha';
import { renderCaption, type CaptionImage } from './caption';

/** Telegram static sticker rules: one side exactly 512 px, the other ≤ 512, ≤ 512 KB. */
export const STICKER_SIZE = 512;
export const STICKER_MAX_BYTES = 512 * 1024;

export interface ComposeOptions {
  /** white outline width in px at sticker scale; 0 turns it off */
  outline: number;
  /** smallest share of the image the person must cover to count as found */
  minPersonFraction?: number;
  maxBytes?: number;
  /**
   * text drawn under the person (see caption.ts); blank or undrawable text adds
   * nothing, so the sticker is exactly what it is without a caption
   */
  caption?: string;
}

/** Space between the person (with its outline) and the caption, in sticker px. */
export const CAPTION_GAP_PX = 4;

export const DEFAULT_OUTLINE_PX = 8;

/**
 * libwebp's speed/size trade-off (0–6). Measured on six ccp stickers at quality 90:
 * effort 2 encodes in 19 ms, effort 4 (sharp's default) in 41 ms, 6 in 95 ms; effort 2
 * files are 4% larger (18.4 vs 17.7 KB) and 1–3 dB lower in PSNR, at 45–47 dB, where
 * the difference cannot be seen. The encode was two thirds of composing a sticker.
 */
export const WEBP_EFFORT = 2;

export interface Sticker {
  webp: Buffer;
  width: number;
  height: number;
  quality: number;
}

/** `top` composited over a white layer whose alpha is `under` (straight alpha, RGBA). */
function overWhite(top: Buffer, under: Uint8Array): Buffer {
  const out = Buffer.alloc(top.length);
  for (let i = 0, p = 0; p < under.length; p++, i += 4) {
    const ta = top[i + 3]!;
    // most pixels: the opaque person, or no outline under the pixel (kept as they are)
    if (ta === 255 || under[p] === 0) {
      if (ta !== 0) top.copy(out, i, i, i + 4);
      continue;
    }
    const a = ta / 255;
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

/** Person on top, caption under it, both centred horizontally; straight-alpha RGBA. */
function stack(
  person: Buffer,
  pw: number,
  ph: number,
  text: CaptionImage,
): { pixels: Buffer; width: number; height: number } {
  const width = Math.max(pw, text.width);
  const height = ph + CAPTION_GAP_PX + text.height;
  const pixels = Buffer.alloc(width * height * 4);
  const place = (src: Buffer, w: number, h: number, top: number) => {
    const left = Math.floor((width - w) / 2);
    for (let y = 0; y < h; y++)
      src.copy(pixels, ((top + y) * width + left) * 4, y * w * 4, (y + 1) * w * 4);
  };
  place(person, pw, ph, 0);
  place(text.rgba, text.width, text.height, ph + CAPTION_GAP_PX);
  return { pixels, width, height };
}

/**
 * Turns a photo and its person matte into a Telegram static sticker: trimmed to the
 * person, scaled so the longer side is exactly 512 px, optional white outline, WebP
 * with transparency, quality stepped down until it fits in 512 KB. With a caption the
 * text (white, dark rim, at most 35% of the height) goes under the person, and person
 * plus caption together are what has one side of exactly 512 px; the caption keeps
 * its rim when the person's outline is off.
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
  const box = personBox(alpha, width, height, opts.minPersonFraction);
  const text = opts.caption ? await renderCaption(opts.caption) : null;
  const layout = { box, outline: opts.outline, text };
  const frame = await composeFrame(rgb, alpha, width, height, layout);
  const { pixels, width: W, height: H } = frame;
  for (const quality of [90, 80, 70, 60, 50, 40, 30, 20]) {
    const webp = await sharp(pixels, { raw: { width: W, height: H, channels: 4 } })
      .webp({ quality, alphaQuality: 90, effort: WEBP_EFFORT })
      .toBuffer();
    if (webp.length <= maxBytes) return { webp, width: W, height: H, quality };
  }
  throw new Error(`sticker does not fit in ${maxBytes} bytes even at the lowest quality`);
}

/**
 * The part of the matte to trim to: the box of its visible pixels (alpha ≥ 16), once the
 * person is found (at least `minPersonFraction` of the image, and 64 px, at alpha ≥ 128).
 * @throws PermanentError('no_person') when the matte is (nearly) empty
 */
export function personBox(
  alpha: Uint8Array,
  width: number,
  height: number,
  minPersonFraction = 0.005,
): Box {
  const solid = alphaBox(alpha, width, height, 128);
  const minCount = Math.max(64, minPersonFraction * width * height);
  if (!solid || solid.count < minCount) {
    throw new PermanentError(`no person found (${solid?.count ?? 0} px)`, 'no_person');
  }
  const { left, top, width: w, height: h } = alphaBox(alpha, width, height, 16) ?? solid;
  return { left, top, width: w, height: h };
}

export interface FrameLayout {
  /** the part of the photo that becomes the sticker (every frame of a clip the same) */
  box: Box;
  outline: number;
  /** the caption, rendered once (see caption.ts) */
  text: CaptionImage | null;
}

/**
 * One sticker picture, unencoded: `box` of the photo with the matte as alpha, scaled so
 * the longer side (with outline and caption) is exactly 512 px, the white outline drawn,
 * the caption stacked under it. Straight-alpha RGBA. Used for a photo and for every
 * frame of a clip, so both look the same.
 */
export async function composeFrame(
  rgb: Uint8Array,
  alpha: Uint8Array,
  width: number,
  height: number,
  { box, outline, text }: FrameLayout,
): Promise<{ pixels: Buffer; width: number; height: number }> {
  const rgba = toRgbaPixels(rgb, alpha);
  const radius = Math.max(0, Math.round(outline));
  const pad = radius > 0 ? radius + 2 : 0;
  // the person's box in sticker px: the full square, less the caption's band if any
  const innerW = STICKER_SIZE - 2 * pad;
  const innerH = innerW - (text ? text.height + CAPTION_GAP_PX : 0);
  const scale = Math.min(innerW / box.width, innerH / box.height);
  const w = Math.max(1, Math.min(innerW, Math.round(box.width * scale)));
  const h = Math.max(1, Math.min(innerH, Math.round(box.height * scale)));
  const { data: person } = await sharp(rgba, { raw: { width, height, channels: 4 } })
    .extract(box)
    .resize(w, h, { fit: 'fill', kernel: scale > 1 ? 'cubic' : 'lanczos3' })
    .extend({ top: pad, bottom: pad, left: pad, right: pad, background: TRANSPARENT })
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
  return text ? stack(pixels, W, H, text) : { pixels, width: W, height: H };
}

const TRANSPARENT = { r: 0, g: 0, b: 0, alpha: 0 };

/** Byte shifts of R, G, B and A within a 32-bit pixel word, in this machine's byte order. */
const SHIFTS =
  new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? [0, 8, 16, 24] : [24, 16, 8, 0];

/** Packed RGB and a matte as RGBA pixels, with one 32-bit store a pixel. */
function toRgbaPixels(rgb: Uint8Array, alpha: Uint8Array): Buffer {
  const words = new Uint32Array(alpha.length);
  const [r, g, b, a] = SHIFTS as [number, number, number, number];
  for (let p = 0, j = 0; p < alpha.length; p++, j += 3) {
    words[p] = ((rgb[j]! << r) | (rgb[j + 1]! << g) | (rgb[j + 2]! << b) | (alpha[p]! << a)) >>> 0;
  }
  return Buffer.from(words.buffer);
}
