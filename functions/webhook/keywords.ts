import { MAX_STICKER_KEYWORDS, MAX_STICKER_KEYWORDS_LENGTH } from '../../shared/limits';
import { languageTag } from '../../shared/messages';

const words = new Intl.Segmenter('und', { granularity: 'word' });

/**
 * Search keywords from a caption's words, so the sticker turns up when its owner types
 * one of them: lower-cased, each word once, in the caption's order, as many as fit
 * Telegram's limits (at most 20, 64 characters in total counted as the Bot API sends
 * them, joined by commas). Emoji and punctuation are not words; the emoji list has them.
 * Lower-casing follows the user's language where it has rules of its own (Turkish "İyi"
 * is "iyi", not "i̇yi" with a combining dot), so the word the user types matches.
 */
export function captionKeywords(caption: string | undefined, languageCode?: string): string[] {
  const locale = languageTag(languageCode)?.split(/[-_]/)[0];
  const out: string[] = [];
  let length = -1; // the first keyword needs no comma before it
  for (const { segment, isWordLike } of words.segment(caption ?? '')) {
    const word = segment.toLocaleLowerCase(locale);
    if (!isWordLike || out.includes(word)) continue;
    const size = [...word].length + 1;
    if (length + size > MAX_STICKER_KEYWORDS_LENGTH) continue; // a shorter word may still fit
    if (out.length >= MAX_STICKER_KEYWORDS) break;
    out.push(word);
    length += size;
  }
  return out;
}
