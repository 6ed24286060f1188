/**
 * Captions in every language the bot speaks are drawn whole: every character of every
 * message catalogue, and a typical caption in each language, is in the bundled fonts'
 * cmap tables (DejaVu Sans Bold, then Noto Emoji), survives caption cleaning, and comes out
 * of Pango (sharp's text renderer, with the private fontconfig) without a character left
 * out or cut. A language whose letters the fonts lacked would fail here before a user saw
 * a caption with holes in it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LANGUAGES, MESSAGE_KEYS, catalogueOf } from '../../shared/messages';
import { cleanCaption, renderCaption } from './caption';
import { captionCoverage } from './fonts';

/** What people write under a photo, with each language's own letters and an emoji. */
const TYPICAL_CAPTIONS: Record<string, string> = {
  en: 'Best friend ever! 🎂',
  es: '¡Feliz cumpleaños, señor! 🥳',
  ru: 'С днём рождения, ёжик! 🎈',
  de: 'Grüße aus München – schön! 🍺',
  pt: 'Parabéns, coração! ❤️',
  fr: 'Ça, c’est l’été à Noël ! 🎉',
  it: 'Buongiorno, più caffè perché sì ☕',
  uk: 'Ґречна їжачиха, ще є! 🇺🇦',
  tr: 'Günaydın İstanbul, şahane çıkartma! 😎',
  id: 'Selamat ulang tahun, semangat ya! 💪',
};

/** Characters a caption may hold that are not drawn as glyphs of their own. */
const NOT_DRAWN = /[\s\p{Default_Ignorable_Code_Point}]/u;

function missing(text: string): string[] {
  const covered = captionCoverage();
  const absent = [...text.normalize('NFC')].filter(
    (ch) => !NOT_DRAWN.test(ch) && !covered.has(ch.codePointAt(0)!),
  );
  return [...new Set(absent)].map((ch) => `${ch} U+${ch.codePointAt(0)!.toString(16)}`);
}

describe('captions in the ten languages', () => {
  test('a typical caption for every language the bot speaks', () => {
    assert.deepEqual(Object.keys(TYPICAL_CAPTIONS).sort(), [...LANGUAGES].sort());
  });

  for (const lang of LANGUAGES) {
    test(`${lang}: every character of the catalogue is in the bundled fonts`, () => {
      const catalogue = catalogueOf(lang);
      for (const key of MESSAGE_KEYS) assert.deepEqual(missing(catalogue[key]), [], key);
    });

    test(`${lang}: a typical caption is drawn whole`, async () => {
      const caption = TYPICAL_CAPTIONS[lang]!;
      assert.deepEqual(missing(caption), []);
      assert.equal(cleanCaption(caption), caption.normalize('NFC'), 'nothing left out');
      const drawn = await renderCaption(caption);
      assert.ok(drawn, 'something drawn');
      assert.equal(drawn.text, caption.normalize('NFC'));
      assert.equal(drawn.truncated, false);
    });
  }

  test('the check can fail: letters the fonts lack are reported', () => {
    assert.deepEqual(missing('日本語'), ['日 U+65e5', '本 U+672c', '語 U+8a9e']);
  });
});
