import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { evalPath } from '../../shared/testing';
import { loadFrameSegmenter, type FrameSegmenter } from './clip-segment';
import { type RawImage, type Segmenter, createSegmenter } from './segment';
import { DEFAULT_MODEL_DIR, SELFIE_MODEL_FILE } from './segment-model';

const MODEL_JSON = path.join(DEFAULT_MODEL_DIR, SELFIE_MODEL_FILE);

/** Five different frames: crops of the first ccp photos at a clip's 338x512 (fails if missing). */
async function frames(): Promise<RawImage[]> {
  const dir = evalPath('ccp');
  const names = (await readdir(dir)).filter((f) => /^\d+\.jpg$/.test(f)).sort();
  const out: RawImage[] = [];
  for (const name of names.slice(0, 5)) {
    const data = await sharp(await readFile(path.join(dir, name)))
      .resize(338, 512, { fit: 'cover' })
      .removeAlpha()
      .raw()
      .toBuffer();
    out.push({ data, width: 338, height: 512, channels: 3 });
  }
  assert.equal(out.length, 5, `five photos in ${dir}`);
  return out;
}

/** Largest |difference| of two mattes, and how many pixels differ at all. */
function compare(a: Uint8Array, b: Uint8Array): { max: number; changed: number } {
  assert.equal(a.length, b.length);
  let max = 0;
  let changed = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (d > 0) changed++;
    if (d > max) max = d;
  }
  return { max, changed };
}

describe('clip frames segmented in batches', () => {
  let images: RawImage[];
  const segmenters: { dispose(): void }[] = [];
  before(async () => {
    images = await frames();
  });
  after(() => segmenters.forEach((s) => s.dispose()));

  // 5 frames in batches of 4 images: with flip 2 frames a call (3 calls, the last padded),
  // without flip 4 (2 calls, the last padded), so padding must not leak into the results.
  for (const flip of [true, false]) {
    it(`gives the photo pipeline's mattes, flip ${flip}`, async () => {
      const photo: Segmenter = await createSegmenter({ pipeline: { flip } });
      const batched: FrameSegmenter = await loadFrameSegmenter(MODEL_JSON, { batch: 4, flip });
      segmenters.push(photo, batched);
      const got = await batched.segmentFrames(images);
      assert.equal(got.length, images.length);
      for (const [i, img] of images.entries()) {
        const want = await photo.segment(img);
        const { max, changed } = compare(got[i]!, want);
        // the same model on the same pixels: only float rounding may differ
        assert.ok(max <= 1, `frame ${i}: alpha differs by up to ${max}`);
        assert.ok(changed < want.length / 1000, `frame ${i}: ${changed} pixels differ`);
        assert.ok(
          want.some((a) => a > 200),
          `frame ${i}: a person is found`,
        );
      }
    });
  }

  it('is what createSegmenter().segmentFrames gives: no flip by default', async () => {
    const photo = await createSegmenter();
    const plain = await createSegmenter({ pipeline: { flip: false } });
    segmenters.push(photo, plain);
    const got = await photo.segmentFrames(images.slice(0, 2));
    assert.equal(got.length, 2);
    for (const [i, alpha] of got.entries()) {
      assert.ok(compare(alpha, await plain.segment(images[i]!)).max <= 1, `frame ${i}`);
    }
    const flipped = await createSegmenter({ frames: { flip: true } });
    segmenters.push(flipped);
    const [first] = await flipped.segmentFrames(images.slice(0, 1));
    assert.ok(compare(first!, await photo.segment(images[0]!)).max <= 1, 'flip on request');
  });
});
