import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seededRandom } from './seeded-random';

describe('seededRandom', () => {
  test('is mulberry32: seed 1 starts as it always has, so recorded seeds replay', () => {
    const random = seededRandom(1);
    assert.deepEqual(
      [random(), random(), random()],
      [0.6270739405881613, 0.002735721180215478, 0.5274470399599522],
    );
  });

  test('the same seed gives the same sequence; another seed another one', () => {
    const draw = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 100 }, () => random());
    };
    assert.deepEqual(draw(42), draw(42));
    assert.notDeepEqual(draw(42), draw(43));
  });

  test('draws lie in [0, 1) and spread over it', () => {
    const random = seededRandom(7);
    const draws = Array.from({ length: 10_000 }, () => random());
    assert.ok(draws.every((x) => x >= 0 && x < 1));
    const tenths = new Array<number>(10).fill(0);
    for (const x of draws) tenths[Math.floor(x * 10)]! += 1;
    assert.ok(
      tenths.every((n) => n > 900 && n < 1100),
      `per tenth: ${tenths.join(' ')}`,
    );
  });
});
