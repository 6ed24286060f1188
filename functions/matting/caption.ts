/**
 * A user's caption as sticker text: bold white letters with a dark outline, centred,
 * wrapped to the sticker width, laid out in final sticker pixels (the sticker is
 * 512 px, so a size here is what Telegram shows at full size).
 *
 * White with a dark rim is the classic meme caption for a reason: whatever the chat
 * wallpaper (light, dark, photo) one of the two contrasts with it, and the white
 * matches the sticker's own white outline.
 */
import sharp from 'sharp';
import { alphaBox, outlineAlpha } from './alpha';
import { CAPTION_FONT, captionCoverage, ensureFontConfig } from './fonts';

export interface CaptionLayout {
  /** widest the text block may be, outline included */
  maxWidth: number;
  /** tallest the text block may be, outline included */
  maxHeight: number;
  /** font sizes in px (em), tried largest first until the text fits maxHeight */
  sizes: readonly number[];
}

/** Sticker-pixel layout: up to 35% of the height; 64 px letters, down to 30 px. */
export const CAPTION_LAYOUT: CaptionLayout = {
  maxWidth: 512,
  maxHeight: Math.round(512 * 0.35),
  sizes: [64, 56, 48, 42, 36, 30],
};

/** Dark rim width for a font size: about an eighth of the em, at least 3 px. */
export function strokeFor(sizePx: number): number {
  return Math.max(3, Math.round(sizePx / 8));
}

export interface CaptionImage {
  /** straight-alpha RGBA */
  rgba: Buffer;
  width: number;
  height: number;
  sizePx: number;
  /** the text drawn (after cleaning, maybe cut short with an ellipsis) */
  text: string;
  truncated: boolean;
}

const ELLIPSIS = '…';
const FILL = [255, 255, 255] as const;
const RIM = [17, 17, 17] as const;

/** Pango markup is parsed by libvips: user text must never be read as markup. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const INVISIBLE = /^[\s\p{Default_Ignorable_Code_Point}]*$/u;

/**
 * The caption as it will be drawn: well-formed UTF-16, NFC, control characters other
 * than newlines gone, runs of blank lines collapsed, and characters no bundled font has
 * left out (Pango would draw them as hex boxes). Format characters (ZWJ, variation
 * selectors, direction marks) stay: they shape emoji and right-to-left text. Returns
 * '' when nothing visible is left.
 */
export function cleanCaption(caption: string, covered = captionCoverage()): string {
  let s = caption
    .replace(LONE_SURROGATE, '\ufffd')
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '');
  s = [...s]
    .filter(
      (ch) => covered.has(ch.codePointAt(0)!) || /[\s\p{Default_Ignorable_Code_Point}]/u.test(ch),
    )
    .join('');
  s = s
    .split('\n')
    .map((line) => line.replace(/[^\S\n]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return INVISIBLE.test(s) ? '' : s;
}

interface Mask {
  data: Buffer;
  width: number;
  height: number;
}

/** Coverage (0..255) of `text` set at `sizePx`, wrapped at `wrapWidth`, cropped to ink. */
async function renderMask(text: string, sizePx: number, wrapWidth: number): Promise<Mask | null> {
  ensureFontConfig();
  const { data, info } = await sharp({
    text: {
      text: escapeMarkup(text),
      font: `${CAPTION_FONT.family} ${sizePx}`,
      fontfile: CAPTION_FONT.file,
      width: wrapWidth,
      align: 'centre',
      wrap: 'word-char',
      dpi: 72, // points = pixels
    },
  })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const ink = alphaBox(data, info.width, info.height, 1);
  if (!ink) return null;
  const out = Buffer.alloc(ink.width * ink.height);
  for (let y = 0; y < ink.height; y++) {
    const from = (ink.top + y) * info.width + ink.left;
    data.copy(out, y * ink.width, from, from + ink.width);
  }
  return { data: out, width: ink.width, height: ink.height };
}

/**
 * More graphemes than fit the box at the smallest size even in the narrowest glyphs
 * (about a third of an em): anything past this is never drawn.
 */
function maxGraphemes(layout: CaptionLayout): number {
  const min = layout.sizes[layout.sizes.length - 1]!;
  return Math.ceil(layout.maxWidth / (min * 0.3)) * Math.ceil(layout.maxHeight / min);
}

function graphemes(text: string): string[] {
  const seg = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(seg.segment(text), (s) => s.segment);
}

/**
 * Draws a caption for a sticker: the largest size in `layout.sizes` at which the
 * wrapped text fits `layout.maxHeight`; at the smallest size, text that still does
 * not fit is cut at a grapheme boundary and ends in an ellipsis. Returns null when the
 * caption has nothing drawable (empty, blank, or only characters no font has).
 */
export async function renderCaption(
  caption: string,
  layout: CaptionLayout = CAPTION_LAYOUT,
): Promise<CaptionImage | null> {
  const text = cleanCaption(caption);
  if (!text) return null;
  const fits = (m: Mask, stroke: number) => m.height + 2 * stroke <= layout.maxHeight;
  let chosen: { mask: Mask; size: number; text: string; truncated: boolean } | null = null;
  let parts = graphemes(text);
  const most = maxGraphemes(layout);
  // a caption longer than could ever fit is cut before any layout (Pango would set all
  // of it, every time): it goes straight to the ellipsis search at the smallest size
  const sizes = parts.length > most ? [] : layout.sizes;
  parts = parts.slice(0, most);
  for (const size of sizes) {
    const mask = await renderMask(text, size, layout.maxWidth - 2 * strokeFor(size));
    if (!mask) return null;
    if (fits(mask, strokeFor(size))) {
      chosen = { mask, size, text, truncated: false };
      break;
    }
  }
  if (!chosen) {
    // smallest size, still too tall: the longest prefix that fits, plus an ellipsis
    const size = layout.sizes[layout.sizes.length - 1]!;
    const stroke = strokeFor(size);
    let lo = 0; // fits (an ellipsis alone always does)
    let hi = parts.length; // does not fit
    let best: Mask | null = null;
    let bestText = ELLIPSIS;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      const candidate = parts.slice(0, mid).join('').trimEnd() + ELLIPSIS;
      const mask = await renderMask(candidate, size, layout.maxWidth - 2 * stroke);
      if (mask && fits(mask, stroke)) {
        lo = mid;
        best = mask;
        bestText = candidate;
      } else {
        hi = mid;
      }
    }
    best ??= await renderMask(bestText, size, layout.maxWidth - 2 * stroke);
    if (!best) return null;
    chosen = { mask: best, size, text: bestText, truncated: true };
  }
  return { ...paint(chosen.mask, strokeFor(chosen.size)), sizePx: chosen.size, ...chosen };
}

/** White letters over a dark rim `stroke` px wide (distance-based, so round). */
function paint(mask: Mask, stroke: number): { rgba: Buffer; width: number; height: number } {
  const pad = stroke + 1;
  const width = mask.width + 2 * pad;
  const height = mask.height + 2 * pad;
  const fill = new Uint8Array(width * height);
  for (let y = 0; y < mask.height; y++) {
    fill.set(mask.data.subarray(y * mask.width, (y + 1) * mask.width), (y + pad) * width + pad);
  }
  const rim = outlineAlpha(fill, width, height, stroke);
  const rgba = Buffer.alloc(width * height * 4);
  for (let p = 0, i = 0; p < fill.length; p++, i += 4) {
    const a = fill[p]! / 255;
    const b = (Math.max(rim[p]!, fill[p]!) / 255) * (1 - a);
    const ao = a + b;
    if (ao <= 0) continue;
    for (let c = 0; c < 3; c++) rgba[i + c] = Math.round((FILL[c]! * a + RIM[c]! * b) / ao);
    rgba[i + 3] = Math.round(ao * 255);
  }
  return { rgba, width, height };
}
