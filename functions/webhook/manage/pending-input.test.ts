import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEmojiList, parseTitle } from './pending-input';

describe('parseEmojiList', () => {
  const cases: [string, string[] | undefined][] = [
    ['😀', ['😀']],
    ['😀 🎉\n👋🏽', ['😀', '🎉', '👋🏽']],
    ['😀😀🎉', ['😀', '🎉']],
    ['👨‍👩‍👧 🇺🇦 1️⃣', ['👨‍👩‍👧', '🇺🇦', '1️⃣']],
    ['', undefined],
    ['   ', undefined],
    ['hi 😀', undefined],
    ['😀!', undefined],
    ['©', undefined],
  ];
  for (const [text, want] of cases) {
    it(`${JSON.stringify(text)} → ${JSON.stringify(want)}`, () => {
      assert.deepEqual(parseEmojiList(text), want);
    });
  }

  it('takes 20 emoji, refuses 21', () => {
    const all = [
      ...'😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙😚🙂🤗🤩'.matchAll(/\p{Extended_Pictographic}/gu),
    ];
    const emoji = all.map((m) => m[0]);
    assert.equal(emoji.length, 21);
    assert.equal(parseEmojiList(emoji.slice(0, 20).join(''))?.length, 20);
    assert.equal(parseEmojiList(emoji.join('')), undefined);
  });
});

describe('parseTitle', () => {
  it('trims and keeps 1 to 64 characters, counted as characters, not UTF-16 units', () => {
    assert.equal(parseTitle('  Nonna  '), 'Nonna');
    assert.equal(parseTitle('   '), undefined);
    assert.equal(parseTitle('😀'.repeat(64)), '😀'.repeat(64));
    assert.equal(parseTitle('a'.repeat(65)), undefined);
  });
});
