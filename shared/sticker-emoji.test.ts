import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { firstEmoji, isStickerEmoji } from './sticker-emoji';

describe('firstEmoji', () => {
  const cases: [string | undefined, string | undefined][] = [
    ['Привет 👋🏽!', '👋🏽'],
    ['I ❤️ you 😀', '❤️'],
    ['🇩🇪 go', '🇩🇪'],
    ['1️⃣ first', '1️⃣'],
    ['we 👨‍👩‍👧 are', '👨‍👩‍👧'],
    ['🏳️‍🌈', '🏳️‍🌈'],
    ['© 2024 Anna', undefined],
    ['I ❤ text-style heart', undefined],
    ['no emoji at all', undefined],
    ['', undefined],
    [undefined, undefined],
  ];
  for (const [text, want] of cases) {
    test(`${JSON.stringify(text)} → ${JSON.stringify(want)}`, () => {
      assert.equal(firstEmoji(text), want);
    });
  }
});

describe('isStickerEmoji', () => {
  test('one emoji, nothing else', () => {
    assert.equal(isStickerEmoji('🙂'), true);
    assert.equal(isStickerEmoji('🙂🙂'), false);
    assert.equal(isStickerEmoji('a'), false);
    assert.equal(isStickerEmoji('🙂 '), false);
    assert.equal(isStickerEmoji(''), false);
  });
});
