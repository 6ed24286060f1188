import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dropDetachedSoft, keepMainBlobs } from './mask-blobs';

/** Parses rows of '#' (0.9, confident), '+' (0.3, soft), '-' (0.01, faint), '.' (0). */
function map(rows: string[]): Float32Array {
  const values: Record<string, number> = { '#': 0.9, '+': 0.3, '-': 0.01, '.': 0 };
  return Float32Array.from(rows.join('').split(''), (c) => values[c] ?? NaN);
}

describe('keepMainBlobs', () => {
  it('drops small confident blobs with their soft halo, keeps the soft edge of the subject', () => {
    const prob = map([
      '####+....+#+', //
      '####+....+++',
      '####+.##....',
      '####+.##....',
    ]);
    keepMainBlobs(prob, 12, 4, 0.25);
    assert.deepEqual(
      prob,
      map([
        '####+.......', //
        '####+.......',
        '####+.##....',
        '####+.##....',
      ]),
    );
  });

  it('treats diagonal neighbours as connected', () => {
    const prob = map(['##..', '##..', '..#.', '...#']);
    keepMainBlobs(prob, 4, 4, 0.9);
    assert.deepEqual(prob, map(['##..', '##..', '..#.', '...#']));
  });

  it('zeroes soft pixels not connected to the subject and faint ones', () => {
    const prob = map(['##+-+', '##...', '....+']);
    keepMainBlobs(prob, 5, 3);
    assert.deepEqual(prob, map(['##+..', '##...', '.....']));
  });

  it('zeroes a map without confident pixels', () => {
    const prob = map(['++..', '.-..']);
    keepMainBlobs(prob, 4, 2);
    assert.deepEqual(prob, map(['....', '....']));
  });
});

describe('dropDetachedSoft', () => {
  it('clears soft pixels not connected through soft ones to a confident pixel', () => {
    const rows = (r: string[]) =>
      Uint8Array.from(r.join('').split(''), (c) => ({ '#': 255, '+': 90, '-': 1 })[c] ?? 0);
    const alpha = rows([
      '##+-.....+', //
      '##+..+++..',
      '#+...+-+..',
      '.....+++.#',
    ]);
    dropDetachedSoft(alpha, 10, 4);
    assert.deepEqual(
      alpha,
      rows([
        '##+-......', //
        '##+.......',
        '#+........',
        '.........#',
      ]),
    );
  });
});
