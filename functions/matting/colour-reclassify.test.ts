import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reclassifyByColour } from './colour-reclassify';

const PERSON = [200, 60, 40];
const WALL = [40, 90, 200];

/**
 * A photo `width` x `height` whose person (PERSON colour) fills the columns left of `edgeX`, the
 * rest being WALL, and a model map that fades linearly over `fade` px across x = `mapEdgeX`.
 */
function scene(width: number, height: number, edgeX: number, mapEdgeX: number, fade: number) {
  const rgb = new Uint8Array(width * height * 3);
  const map = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      rgb.set(x < edgeX ? PERSON : WALL, i * 3);
      const p = 0.5 + (mapEdgeX - (x + 0.5)) / fade;
      map[i] = Math.round(Math.min(1, Math.max(0, p)) * 255);
    }
  }
  return { rgb, map };
}

/** Columns of row 0 at or above 0.5: the person's width as the map draws it. */
const personWidth = (map: Uint8Array, width: number) =>
  map.subarray(0, width).reduce((n, v) => n + (v >= 128 ? 1 : 0), 0);

describe('reclassifyByColour', () => {
  for (const width of [120, 600]) {
    it(`moves a misplaced outline to the colour edge (photo ${width} px wide)`, () => {
      const height = 16;
      const edgeX = width / 2;
      // the model puts the outline 3 px inside the person, fading over 12 px
      const { rgb, map } = scene(width, height, edgeX, edgeX - 3, 12);
      const out = reclassifyByColour(map, rgb, width, height);
      assert.equal(personWidth(map, width), edgeX - 3);
      // on a small photo only the histogram acts, averaged over 5 px across the edge: within 1 px
      const miss = Math.abs(personWidth(out, width) - edgeX);
      assert.ok(miss <= (width > 256 ? 0 : 1), `the outline is ${miss} px off the colour edge`);
      // pixels the model is sure about keep their value
      for (let i = 0; i < map.length; i++) {
        if (map[i]! <= 5 || map[i]! >= 250) assert.equal(out[i], map[i], `pixel ${i}`);
      }
      assert.deepEqual(map, scene(width, height, edgeX, edgeX - 3, 12).map, 'input unchanged');
    });
  }

  it('leaves the map as it is when the colours cannot tell the sides apart', () => {
    const [width, height] = [400, 8];
    const { map } = scene(width, height, 200, 197, 12);
    const grey = new Uint8Array(width * height * 3).fill(128);
    assert.deepEqual(reclassifyByColour(map, grey, width, height), map);
  });

  it('leaves a map without sure background as it is', () => {
    const [width, height] = [300, 4];
    const map = new Uint8Array(width * height).fill(200);
    map.fill(255, 0, width);
    const { rgb } = scene(width, height, 150, 150, 12);
    assert.deepEqual(reclassifyByColour(map, rgb, width, height), map);
  });
});
