/**
 * The emoji a sticker is filed under in a pack (Telegram asks for 1–20 per sticker, and
 * shows the first one in the emoji keyboard's suggestions). A caption's first emoji is
 * what the user meant the sticker to say; without one the pack uses DEFAULT_STICKER_EMOJI.
 */
export const DEFAULT_STICKER_EMOJI = '🙂';

// RGI_Emoji is Unicode's list of emoji recommended for general interchange: what
// Telegram's keyboards show and accept. Built at run time because TypeScript's target
// predates the `v` flag that Node 20 supports.
const RGI_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');
const PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** True when `s` is exactly one RGI emoji (a flag, a keycap, a ZWJ family, a skin tone…). */
export function isStickerEmoji(s: string): boolean {
  return RGI_EMOJI.test(s);
}

/**
 * The first emoji in `text`, as one grapheme: "Привет 👋🏽!" → "👋🏽". Only fully
 * qualified emoji count (what Telegram's emoji keyboard inserts): a "©" or a bare "❤"
 * typed as text is text. Undefined when the text has none.
 */
export function firstEmoji(text: string | undefined): string | undefined {
  if (!text) return undefined;
  for (const { segment } of graphemes.segment(text)) {
    if (PICTOGRAPHIC.test(segment) && isStickerEmoji(segment)) return segment;
  }
  return undefined;
}
