import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { CAPTION_LAYOUT, cleanCaption, escapeMarkup, renderCaption } from './caption';

const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Counts opaque pixels that are light (the letters) and dark (their rim). */
function tones(rgba: Buffer) {
  let light = 0;
  let dark = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i + 3]! < 250) continue;
    const v = (rgba[i]! + rgba[i + 1]! + rgba[i + 2]!) / 3;
    if (v > 230) light++;
    else if (v < 40) dark++;
  }
  return { light, dark };
}

describe('escapeMarkup', () => {
  for (const [input, want] of [
    ['plain', 'plain'],
    ['<b>&', '&#60;b&#62;&#38;'],
    [`"it's"`, '&#34;it&#39;s&#34;'],
    ['&amp;', '&#38;amp;'],
  ] as const) {
    test(JSON.stringify(input), () => assert.equal(escapeMarkup(input), want));
  }
});

describe('cleanCaption', () => {
  for (const [name, input, want] of [
    ['plain text stays', 'Hola, señor', 'Hola, señor'],
    ['whitespace only is nothing', ' \n\t \u00a0 ', ''],
    ['format characters alone are nothing', '\u200d\ufe0f\u200f', ''],
    ['control characters go, newlines stay', 'a\u0007b\r\nc', 'ab\nc'],
    ['blank lines collapse, spaces squeeze', 'a  \n\n\n\n  b', 'a\n\nb'],
    ['characters no font has are left out', 'hi 你好 there', 'hi there'],
    ['only such characters is nothing', '你好', ''],
    ['ZWJ emoji sequences keep their joiners', '👨‍👩‍👧', '👨‍👩‍👧'],
    ['NFC', 'e\u0301', 'é'],
    ['a lone surrogate becomes U+FFFD', 'a\ud800b', 'a\ufffdb'],
  ] as const) {
    test(name, () => assert.equal(cleanCaption(input), want));
  }
});

describe('renderCaption', () => {
  test('blank, or nothing any bundled font can draw → null', async () => {
    for (const caption of ['', '   \n  ', '你好世界', '\u200d']) {
      assert.equal(await renderCaption(caption), null, JSON.stringify(caption));
    }
  });

  test('markup characters are drawn literally, never parsed', async () => {
    const cases = ['<b>&', '&amp;', '<span foreground="red">x</span>', 'a < b && \'c\' > "d"', '<'];
    for (const caption of cases) {
      const img = await renderCaption(caption);
      assert.ok(img, caption);
      assert.equal(img.text, caption);
    }
    const tagged = await renderCaption('<b>x</b>');
    const bare = await renderCaption('x');
    assert.ok(tagged && bare && tagged.width > bare.width * 3, 'the tags are drawn as text');
  });

  test('letters are white with a dark rim, within the layout, at the largest size', async () => {
    const img = await renderCaption('Hola');
    assert.ok(img);
    assert.equal(img.sizePx, CAPTION_LAYOUT.sizes[0]);
    assert.equal(img.truncated, false);
    const { light, dark } = tones(img.rgba);
    assert.ok(light > 200 && dark > 200, `light ${light}, dark ${dark}`);
    assert.ok(img.width <= CAPTION_LAYOUT.maxWidth && img.height <= CAPTION_LAYOUT.maxHeight);
    assert.equal(img.rgba[3], 0, 'corner transparent');
  });

  test('other scripts render real glyphs: different text, different pixels', async () => {
    const pairs = [
      ['Привет', 'Пример'], // Cyrillic
      ['Größe', 'Grösse'], // German
      ['año', 'ano'], // Spanish
      ['ação', 'acao'], // Portuguese
      ['Ωμέγα', 'Ωμεγα'], // Greek
      ['שלום', 'שלוש'], // Hebrew, right to left
      ['😀', '🎉'], // emoji, from the fallback font
    ];
    for (const [a, b] of pairs) {
      const [ia, ib] = [await renderCaption(a!), await renderCaption(b!)];
      assert.ok(ia && ib, `${a} / ${b}`);
      assert.notEqual(digest(ia.rgba), digest(ib.rgba), `${a} vs ${b}`);
      assert.ok(tones(ia.rgba).light > 50, `${a} has ink`);
    }
  });

  test('a character no font has is left out, not drawn as a box', async () => {
    const [withMissing, without] = [await renderCaption('ok 漢'), await renderCaption('ok')];
    assert.ok(withMissing && without);
    assert.equal(digest(withMissing.rgba), digest(without.rgba));
  });

  test('emoji only', async () => {
    const img = await renderCaption('🎉🔥👍❤️');
    assert.ok(img);
    assert.ok(tones(img.rgba).light > 200);
  });

  test('long captions shrink, wrap, then end in an ellipsis, within the layout', async () => {
    const cases = [
      { caption: 'word '.repeat(12), truncated: false },
      { caption: 'Lorem ipsum dolor sit amet, '.repeat(40), truncated: true },
      { caption: 'x'.repeat(1024), truncated: true }, // one unbreakable word
      { caption: 'a\n'.repeat(50), truncated: true }, // many short lines
      { caption: '😀'.repeat(300), truncated: true },
    ];
    for (const c of cases) {
      const img = await renderCaption(c.caption);
      assert.ok(img, c.caption.slice(0, 20));
      assert.ok(img.width <= CAPTION_LAYOUT.maxWidth, `width ${img.width}`);
      assert.ok(img.height <= CAPTION_LAYOUT.maxHeight, `height ${img.height}`);
      assert.equal(img.truncated, c.truncated, c.caption.slice(0, 20));
      if (c.truncated) {
        assert.ok(img.text.endsWith('…'));
        assert.equal(img.sizePx, CAPTION_LAYOUT.sizes.at(-1));
        assert.ok(img.text.length > 5, 'as much as fits is kept');
      }
    }
    const short = await renderCaption('word '.repeat(12));
    assert.ok(short && short.sizePx < CAPTION_LAYOUT.sizes[0]!, 'two lines at a smaller size');
  });
});
