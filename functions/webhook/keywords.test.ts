import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { captionKeywords } from './keywords';

describe('captionKeywords', () => {
  const cases: [string | undefined, string[]][] = [
    [undefined, []],
    ['', []],
    ['😀🎉 !!', []],
    ['Happy Birthday, happy you! 🎉', ['happy', 'birthday', 'you']],
    ['Привет, мир!', ['привет', 'мир']],
    ['¡Fiesta en la playa!', ['fiesta', 'en', 'la', 'playa']],
    ['Ça va, Élodie?', ['ça', 'va', 'élodie']],
  ];
  for (const [caption, want] of cases) {
    it(`${JSON.stringify(caption)} → ${JSON.stringify(want)}`, () => {
      assert.deepEqual(captionKeywords(caption), want);
    });
  }

  it("lower-cases in the user's language: Turkish dotted and dotless i", () => {
    assert.deepEqual(captionKeywords('İyi GÜNLER Işık', 'tr'), ['iyi', 'günler', 'ışık']);
    assert.deepEqual(captionKeywords('İyi', 'pt_br'), ['i̇yi'], 'other languages keep the dot');
    assert.deepEqual(captionKeywords('Işık', 'not a tag!'), ['işık'], 'a bad code is ignored');
  });

  it('stops before 20 keywords or 64 characters joined by commas', () => {
    const many = 'abcdefghijklmnopqrstuvwxyz'.split('').join(' ');
    assert.equal(captionKeywords(many).length, 20);
    const long = captionKeywords(
      'a'.repeat(30) + ' ' + 'b'.repeat(30) + ' ' + 'c'.repeat(5) + ' ok',
    );
    assert.deepEqual(
      long,
      ['a'.repeat(30), 'b'.repeat(30), 'ok'],
      'a word that would pass 64 is skipped, a shorter one after it still fits',
    );
    assert.ok(long.join(',').length <= 64);
    const exact = captionKeywords('a'.repeat(31) + ' ' + 'b'.repeat(32));
    assert.equal(exact.join(',').length, 64, 'a fit to the character is kept');
    assert.deepEqual(captionKeywords('x'.repeat(65)), [], 'a word longer than the limit');
  });
});
