import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfconv from '@tensorflow/tfjs-converter';
import * as bodySegmentation from '@tensorflow-models/body-segmentation';
import sharp from 'sharp';
import { type RawImage, type Segmenter, MODEL_SIZE, createSegmenter } from './segment';
import {
  DEFAULT_MODEL_DIR,
  SELFIE_MODEL_FILE,
  fileModelHandler,
  readModelArtifacts,
  toFlipAveragedArtifacts,
  toTwoChannelArtifacts,
} from './segment-model';
import { cutoutImage, decodeRaw, toRgba } from './cutout-core';
import { initBackend } from './tf-backend';
import { evalPath } from '../../shared/testing';

const MODEL_JSON = path.join(DEFAULT_MODEL_DIR, SELFIE_MODEL_FILE);

/** The first photo of the ccp dev set with its mask; fails (never skips) when it is missing. */
async function loadCcpPair(): Promise<{ name: string; photo: Buffer; mask: Buffer }> {
  const CCP_DIR = evalPath('ccp');
  const files = await readdir(CCP_DIR);
  const name = files
    .filter((f) => /^\d+\.jpg$/.test(f) && files.includes(f.replace('.jpg', '.mask.png')))
    .sort()[0];
  if (name === undefined) throw new Error(`no NNN.jpg with NNN.mask.png in ${CCP_DIR}`);
  const mask = await sharp(path.join(CCP_DIR, name.replace('.jpg', '.mask.png')))
    .removeAlpha()
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  return { name, photo: await readFile(path.join(CCP_DIR, name)), mask };
}

/** 256x256 RGB model input made from a real photo, as int32 [1, H, W, 3] and float [0, 1]. */
async function photoInput(photo: Buffer): Promise<{ pixels: tf.Tensor3D; unit: tf.Tensor4D }> {
  const rgb = await sharp(photo)
    .resize(MODEL_SIZE, MODEL_SIZE, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer();
  const pixels = tf.tensor3d(rgb, [MODEL_SIZE, MODEL_SIZE, 3], 'int32');
  const unit = tf.tidy(() => tf.expandDims<tf.Tensor4D>(tf.div(tf.cast(pixels, 'float32'), 255)));
  return { pixels, unit };
}

function iou(alpha: Uint8Array, mask: Uint8Array): number {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < alpha.length; i++) {
    const a = (alpha[i] ?? 0) >= 128;
    const m = (mask[i] ?? 0) >= 128;
    if (a && m) inter++;
    if (a || m) union++;
  }
  return union === 0 ? 1 : inter / union;
}

function uniform(width: number, height: number, rgb: [number, number, number]): RawImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = rgb[i % 3] ?? 0;
  return { data, width, height, channels: 3 };
}

let pair: ReturnType<typeof loadCcpPair> | undefined;
/** Loaded on first use, inside each test that needs it, so a missing folder fails those tests. */
const ccpPair = () => (pair ??= loadCcpPair());

before(() => initBackend());

describe('two-channel model adapter', () => {
  it('gives [1 - p, p] where p is the bundled sigmoid output', async () => {
    const raw = await tfconv.loadGraphModel(fileModelHandler(MODEL_JSON, { twoChannel: false }));
    const two = await tfconv.loadGraphModel(fileModelHandler(MODEL_JSON, { twoChannel: true }));
    const { pixels, unit } = await photoInput((await ccpPair()).photo);
    const p = raw.predict(unit) as tf.Tensor;
    const out = two.predict(unit) as tf.Tensor;
    assert.deepEqual(p.shape, [1, MODEL_SIZE, MODEL_SIZE, 1]);
    assert.deepEqual(out.shape, [1, MODEL_SIZE, MODEL_SIZE, 2]);
    const [pv, ov] = [await p.data(), await out.data()];
    let maxDiff = 0;
    for (let i = 0; i < pv.length; i++) {
      const bg = ov[2 * i] ?? NaN;
      const person = ov[2 * i + 1] ?? NaN;
      assert.ok(person >= 0 && person <= 1 && bg >= 0 && bg <= 1, `value out of [0, 1] at ${i}`);
      maxDiff = Math.max(maxDiff, Math.abs(person - (pv[i] ?? NaN)), Math.abs(bg + person - 1));
    }
    assert.ok(maxDiff < 1e-6, `channel 1 differs from the sigmoid output by ${maxDiff}`);
    // The photo has a person: the adapter must not be fed, or produce, an empty map.
    assert.ok((await tf.max(p).data())[0]! > 0.9);
    tf.dispose([pixels, unit, p, out]);
    raw.dispose();
    two.dispose();
  });

  it('is what body-segmentation reads: its mask equals channel 1 at 256x256', async () => {
    const raw = await tfconv.loadGraphModel(fileModelHandler(MODEL_JSON, { twoChannel: false }));
    const model = await bodySegmentation.createSegmenter(
      bodySegmentation.SupportedModels.MediaPipeSelfieSegmentation,
      {
        runtime: 'tfjs',
        modelType: 'general',
        modelUrl: fileModelHandler(MODEL_JSON, { twoChannel: true }),
      },
    );
    const { pixels, unit } = await photoInput((await ccpPair()).photo);
    const people = await model.segmentPeople(pixels);
    assert.equal(people.length, 1);
    const mask = await people[0]!.mask.toTensor();
    assert.deepEqual(mask.shape, [MODEL_SIZE, MODEL_SIZE, 4]);
    const [mv, pv] = [await mask.data(), await (raw.predict(unit) as tf.Tensor).data()];
    let maxDiff = 0;
    for (let i = 0; i < pv.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs((mv[4 * i] ?? NaN) - (pv[i] ?? NaN)));
    }
    // Only the package's own [0, 255] -> [0, 1] scaling differs from ours (float rounding).
    assert.ok(maxDiff < 1e-3, `segmentPeople mask differs from the model by ${maxDiff}`);
    tf.dispose([pixels, unit, mask]);
    model.dispose();
    raw.dispose();
  });

  it('refuses a model that does not have one sigmoid channel', async () => {
    const artifacts = await readModelArtifacts(MODEL_JSON);
    const twice = toTwoChannelArtifacts(artifacts);
    assert.throws(() => toTwoChannelArtifacts(twice), /one-channel/);
  });
});

describe('flip-averaging model adapter', () => {
  it('gives (p(x) + mirror(p(mirror(x)))) / 2 in one call, same shapes as the model', async () => {
    const raw = await tfconv.loadGraphModel(fileModelHandler(MODEL_JSON, { twoChannel: false }));
    const flip = await tfconv.loadGraphModel(
      fileModelHandler(MODEL_JSON, { twoChannel: false, flip: true }),
    );
    const both = await tfconv.loadGraphModel(
      fileModelHandler(MODEL_JSON, { twoChannel: true, flip: true }),
    );
    const { pixels, unit } = await photoInput((await ccpPair()).photo);
    const [want, got, two] = tf.tidy(() => {
      const p = raw.predict(unit) as tf.Tensor4D;
      const back = tf.reverse(raw.predict(tf.reverse(unit, 2)) as tf.Tensor4D, 2);
      return [tf.div(tf.add(p, back), 2), flip.predict(unit), both.predict(unit)] as tf.Tensor[];
    });
    assert.deepEqual(got!.shape, [1, MODEL_SIZE, MODEL_SIZE, 1]);
    assert.deepEqual(two!.shape, [1, MODEL_SIZE, MODEL_SIZE, 2]);
    const [wv, gv, tv] = [await want!.data(), await got!.data(), await two!.data()];
    let maxDiff = 0;
    for (let i = 0; i < wv.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(gv[i]! - wv[i]!), Math.abs(tv[2 * i + 1]! - wv[i]!));
    }
    assert.ok(maxDiff < 1e-5, `flip-averaged output differs by ${maxDiff}`);
    // Averaging a photo with its mirror image is not the identity: the adapter did something.
    assert.ok(
      (await tf.max(tf.abs(tf.sub(want!, raw.predict(unit) as tf.Tensor))).data())[0]! > 1e-3,
    );
    tf.dispose([pixels, unit, want!, got!, two!]);
    [raw, flip, both].forEach((m) => m.dispose());
  });

  it('refuses a model whose input or output is not batch 1', async () => {
    const artifacts = await readModelArtifacts(MODEL_JSON);
    const signature = artifacts.signature as { inputs: Record<string, { name: string }> };
    const input = Object.values(signature.inputs)[0]!;
    const batch2 = {
      ...artifacts,
      signature: {
        ...artifacts.signature,
        inputs: {
          [input.name]: {
            ...input,
            tensorShape: { dim: [2, MODEL_SIZE, MODEL_SIZE, 3].map((n) => ({ size: String(n) })) },
          },
        },
      },
    };
    assert.throws(() => toFlipAveragedArtifacts(batch2), /batch-1/);
  });
});

describe('createSegmenter', () => {
  let segmenter: Segmenter;
  before(async () => {
    segmenter = await createSegmenter();
  });
  after(() => segmenter.dispose());

  it(`cuts the person out of a ccp photo (IoU >= 0.85, transparent corners)`, async () => {
    const ccp = await ccpPair();
    const img = await decodeRaw(ccp.photo);
    const alpha = await segmenter.segment(img);
    assert.equal(alpha.length, img.width * img.height);
    const score = iou(alpha, ccp.mask);
    assert.ok(score >= 0.85, `IoU ${score.toFixed(3)} on ccp/${ccp.name}`);
    const { width: w, height: h } = img;
    for (const i of [0, w - 1, (h - 1) * w, h * w - 1]) {
      assert.ok((alpha[i] ?? 255) < 8, `corner pixel ${i} has alpha ${alpha[i]}`);
    }
  });

  it('returns alpha at the input resolution, for any size', async () => {
    for (const [w, h] of [
      [97, 311],
      [640, 360],
      [1, 1],
    ] as const) {
      const alpha = await segmenter.segment(uniform(w, h, [90, 120, 30]));
      assert.equal(alpha.length, w * h, `${w}x${h}`);
    }
  });

  it('finds (nearly) no person in a uniform image', async () => {
    for (const rgb of [
      [128, 128, 128],
      [255, 255, 255],
      [0, 0, 0],
      [200, 60, 40],
    ] as [number, number, number][]) {
      const alpha = await segmenter.segment(uniform(320, 480, rgb));
      const person = alpha.reduce((n, a) => n + (a >= 128 ? 1 : 0), 0) / alpha.length;
      const mean = alpha.reduce((s, a) => s + a, 0) / alpha.length / 255;
      assert.ok(
        person < 0.01 && mean < 0.05,
        `${rgb.join()}: ${person} person, mean alpha ${mean}`,
      );
    }
  });

  it('is deterministic and leaks no tensors across calls', async () => {
    const img = await decodeRaw((await ccpPair()).photo);
    const first = await segmenter.segment(img);
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(await segmenter.segment(img), first);
    }
    assert.equal(tf.memory().numTensors, tensors);
  });

  it('rejects pixel data that does not match the stated size', async () => {
    const bad = { data: new Uint8Array(10), width: 4, height: 4, channels: 3 } as const;
    await assert.rejects(segmenter.segment(bad), RangeError);
  });

  it('with refine (+ refineFlip), cuts the person out, at input size, deterministically', async () => {
    const refining = await createSegmenter({ pipeline: { refine: true, refineFlip: true } });
    try {
      const ccp = await ccpPair();
      const img = await decodeRaw(ccp.photo);
      const tensors = tf.memory().numTensors;
      const alpha = await refining.segment(img);
      assert.equal(tf.memory().numTensors, tensors);
      assert.equal(alpha.length, img.width * img.height);
      const score = iou(alpha, ccp.mask);
      assert.ok(score >= 0.85, `IoU ${score.toFixed(3)} on ccp/${ccp.name}`);
      assert.notDeepEqual(alpha, await segmenter.segment(img));
      assert.deepEqual(await refining.segment(img), alpha);
      const odd = await refining.segment(uniform(97, 311, [90, 120, 30]));
      assert.equal(odd.length, 97 * 311);
    } finally {
      refining.dispose();
    }
  });

  it('with flip, a mirrored photo gets the mirrored matte', async () => {
    const flipping = await createSegmenter({ pipeline: { flip: true } });
    try {
      const img = await decodeRaw((await ccpPair()).photo);
      const { width: w, height: h, channels: c } = img;
      const mirrored = new Uint8Array(img.data.length);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const from = (y * w + x) * c;
          mirrored.set(img.data.subarray(from, from + c), (y * w + (w - 1 - x)) * c);
        }
      }
      const a = await flipping.segment(img);
      const b = await flipping.segment({ ...img, data: mirrored });
      let off = 0;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          if (Math.abs(a[y * w + x]! - b[y * w + (w - 1 - x)]!) > 2) off++;
        }
      }
      assert.ok(off / (w * h) < 0.001, `${off} pixels differ from the mirror image`);
    } finally {
      flipping.dispose();
    }
  });

  it('cutoutImage keeps the EXIF-oriented size and puts the matte in alpha', async () => {
    // A 60x40 JPEG tagged "rotate 90" must come out 40x60.
    const jpeg = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#4a7' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const cut = await cutoutImage(jpeg, segmenter);
    assert.deepEqual([cut.width, cut.height], [40, 60]);
    const rgba = toRgba(cut);
    assert.equal(rgba.length, 40 * 60 * 4);
    assert.equal(cut.alpha.length, 40 * 60);
    for (let i = 0; i < cut.alpha.length; i++) assert.equal(rgba[i * 4 + 3], cut.alpha[i]);
    assert.equal(cut.usedOwnAlpha, false);
  });
});
