import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { PermanentError } from '../../shared/errors';
import { FOREIGN_FILES } from '../../shared/testing';
import { ALLOWED_LOADERS, decodeImage } from './decode';

/**
 * Issue 13, item 7: libvips loaders for formats the bot does not accept must never run,
 * not even to read a header. Loading ./decode.ts blocks them for the process; these
 * cases check that libvips itself refuses them, and that decodeImage answers not_image.
 */
const base = () => sharp({ create: { width: 64, height: 64, channels: 3, background: '#806040' } });

const SVG_FETCHING =
  '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ' +
  'width="64" height="64"><image xlink:href="http://169.254.169.254/x.png" width="64" height="64"/></svg>';

const refused: [string, () => Promise<Buffer>, 'not_image' | 'undecodable'][] = [
  ['SVG that would fetch a URL', () => Promise.resolve(Buffer.from(SVG_FETCHING)), 'not_image'],
  ...FOREIGN_FILES,
  [
    'libvips native format',
    () =>
      base()
        .raw()
        .toBuffer()
        .then((px) => Buffer.concat([Buffer.from([0x08, 0xf2, 0xa6, 0xb6]), px])),
    'undecodable',
  ],
];

describe('blocked libvips loaders', () => {
  test('only the JPEG, PNG and WebP loaders (buffer and file) are allowed', () => {
    assert.deepEqual([...ALLOWED_LOADERS].sort(), [
      'VipsForeignLoadJpegBuffer',
      'VipsForeignLoadJpegFile',
      'VipsForeignLoadPngBuffer',
      'VipsForeignLoadPngFile',
      'VipsForeignLoadWebpBuffer',
      'VipsForeignLoadWebpFile',
    ]);
  });

  for (const [name, make, answer] of refused) {
    test(`${name}: libvips will not read its header; decodeImage → ${answer}`, async () => {
      const data = await make();
      await assert.rejects(sharp(data).metadata(), /unsupported image format/);
      await assert.rejects(
        decodeImage(data),
        (err: unknown) => err instanceof PermanentError && err.userMessage === answer,
      );
    });
  }

  for (const [name, make] of [
    ['JPEG', () => base().jpeg().toBuffer()],
    ['PNG', () => base().png().toBuffer()],
    ['WebP', () => base().webp().toBuffer()],
  ] as const) {
    test(`${name} still decodes`, async () => {
      const img = await decodeImage(await make());
      assert.equal(img.width, 64);
    });
  }
});
