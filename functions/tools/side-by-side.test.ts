import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { checkerboard, sideBySide } from './side-by-side';

const RED = { r: 200, g: 30, b: 30 };
const BLUE = { r: 20, g: 40, b: 220 };

/** A 400 x 300 red photo, and a 512 x 256 sticker: transparent but for a blue middle. */
async function inputs(): Promise<{ photo: Buffer; sticker: Buffer }> {
  const photo = await sharp({ create: { width: 400, height: 300, channels: 3, background: RED } })
    .jpeg()
    .toBuffer();
  const middle = await sharp({
    create: { width: 128, height: 128, channels: 4, background: { ...BLUE, alpha: 1 } },
  })
    .png()
    .toBuffer();
  const sticker = await sharp({
    create: { width: 512, height: 256, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
  })
    .composite([{ input: middle, left: 192, top: 64 }])
    .webp({ lossless: true })
    .toBuffer();
  return { photo, sticker };
}

async function rgba(png: Buffer) {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    info,
    at: (x: number, y: number) => [
      ...data.subarray((y * info.width + x) * 4, (y * info.width + x) * 4 + 4),
    ],
  };
}

const near = (a: number[], b: number[], what: string) =>
  assert.ok(
    a.every((v, i) => Math.abs(v - b[i]!) <= 12),
    `${what}: got ${a.join(',')}, want about ${b.join(',')}`,
  );

describe('sideBySide', () => {
  test('photo, arrow gap, and the sticker on a checkerboard, at one height', async () => {
    const { photo, sticker } = await inputs();
    const png = await sideBySide(photo, sticker, { height: 150, gap: 40, cell: 10 });
    const px = await rgba(png);
    // 400 x 300 at height 150 is 200 wide; then the gap; then a 150 square.
    assert.deepEqual([px.info.width, px.info.height, px.info.format], [200 + 40 + 150, 150, 'raw']);
    near(px.at(100, 75), [RED.r, RED.g, RED.b, 255], 'the photo on the left');
    assert.equal(px.at(200 + 2, 2)[3], 0, 'the gap is transparent away from the arrow');
    assert.ok(px.at(200 + 20, 75)[3]! > 200, 'the arrow is drawn in the middle of the gap');
    // The 512 x 256 sticker fits the 150 square as 150 x 75, centred: rows 37 to 112.
    near(px.at(240 + 75, 75), [BLUE.r, BLUE.g, BLUE.b, 255], 'the sticker in the middle');
    near(px.at(240 + 5, 5), [255, 255, 255, 255], 'light square where the sticker is clear');
    near(px.at(240 + 15, 5), [217, 217, 217, 255], 'dark square next to it');
    near(px.at(240 + 5, 45), [255, 255, 255, 255], 'light square inside the sticker, clear');
  });

  test('makes a palette PNG (256 colours), 360 px high by default', async () => {
    const { photo, sticker } = await inputs();
    const png = await sideBySide(photo, sticker);
    const meta = await sharp(png).metadata();
    assert.equal(meta.format, 'png');
    assert.equal(meta.isPalette, true);
    assert.equal(meta.height, 360);
  });
});

describe('checkerboard', () => {
  test('alternates squares of `cell` pixels, light at the top left', () => {
    const board = checkerboard(4, 2);
    const grey = (x: number, y: number) => board[(y * 4 + x) * 3];
    assert.deepEqual(
      [0, 1, 2, 3].map((y) => [0, 1, 2, 3].map((x) => grey(x, y))),
      [
        [255, 255, 217, 217],
        [255, 255, 217, 217],
        [217, 217, 255, 255],
        [217, 217, 255, 255],
      ],
    );
  });
});
