/**
 * Person segmentation for the matting function: decoded pixels in, alpha matte out.
 *
 * The model is MediaPipe Selfie Segmentation (general, 256x256), run through
 * `@tensorflow-models/body-segmentation` as the project's segmentation API. The package is
 * handed 256x256 views of the photo, never the photo itself: given a full-resolution image it
 * builds a full-resolution RGBA float mask with tensor ops, which costs more than the model.
 * The low-resolution probability maps are resampled onto the photo here.
 *
 * The default pipeline (drop blobs away from the main subject, mirror averaging in one
 * batched model call) is the best measured variant that leaves room for compositing in the
 * function's 150 ms; the second pass on the person's box (`refine`, `refineFlip`) gains a
 * little and costs too much. The figures of every variant, kept and not kept, are in
 * functions/README.md ("Cut-out quality and speed"), measured with `npm run bench:matting`.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as bodySegmentation from '@tensorflow-models/body-segmentation';
import path from 'node:path';
import sharp from 'sharp';
import type { BackendName } from './backend-setting';
import { initBackend } from './tf-backend';
import { DEFAULT_MODEL_DIR, SELFIE_MODEL_FILE, fileModelHandler } from './segment-model';
import { type MaskView, blendViews } from './mask-resample';
import { keepMainBlobs } from './mask-blobs';
import { type FrameSegmentOptions, lazyFrameSegmenter } from './clip-segment';

/** Decoded pixels, row-major, 8 bits per channel (RGB or RGBA; alpha is ignored). */
export interface RawImage {
  data: Buffer | Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
}

/** Pipeline switches; the defaults are the best measured variant that fits the latency budget. */
export interface SegmentOptions {
  /** Drop confident blobs smaller than this share of the largest one (0 = keep all). */
  minBlobShare?: number;
  /** Run the model a second time on the person's bounding box (doubles the model time). */
  refine?: boolean;
  /** Margin added around that box on each side, as a fraction of the box size. */
  refineMargin?: number;
  /**
   * Average the whole-photo run with its mirror image. Both go through the model as one batch
   * of two (see `toFlipAveragedArtifacts`), which costs ~1.6x one run instead of 2x.
   */
  flip?: boolean;
  /** The same for the second run on the person's box (only with `refine`). */
  refineFlip?: boolean;
}

/** A loaded model; create once per process (the handler caches it) and reuse for every photo. */
export interface Segmenter {
  /** TF.js backend in use ('wasm', 'tensorflow' or 'cpu'), for logs. */
  readonly backend: string;
  /**
   * Returns the person matte of `img`: `width * height` alpha values (0 = background,
   * 255 = person), at the input resolution. Deterministic for a given backend. Calls may
   * overlap; TF.js runs them one kernel at a time.
   */
  segment(img: RawImage): Promise<Uint8Array>;
  /**
   * The mattes of a clip's frames, as `segment` gives them without the refine pass and, by
   * default, without flip averaging; several frames in one model call (clip-segment.ts).
   */
  segmentFrames(frames: readonly RawImage[]): Promise<Uint8Array[]>;
  /** Releases the model's weights. The segmenter must not be used afterwards. */
  dispose(): void;
}

/** Side of the model's square input. */
export const MODEL_SIZE = 256;

const DEFAULTS: Required<SegmentOptions> = {
  minBlobShare: 0.2,
  refine: false,
  refineMargin: 0.1,
  flip: true,
  refineFlip: false,
};

/**
 * Initialises the TF.js backend (once per process), loads the bundled model from disk and runs
 * it once to warm it up. Takes a few hundred ms; call once per instance and cache the result.
 *
 * @param opts.modelDir folder holding `selfie.json` and its weights (default: `./model`).
 * @param opts.pipeline overrides of the pipeline defaults, for benchmarks.
 * @param opts.frames overrides of how clip frames are segmented, for benchmarks.
 */
export async function createSegmenter(
  opts: {
    modelDir?: string;
    pipeline?: SegmentOptions;
    backend?: BackendName;
    /** how `segmentFrames` runs (clip-segment.ts; default FRAME_SEGMENT_DEFAULTS) */
    frames?: Partial<FrameSegmentOptions>;
  } = {},
): Promise<Segmenter> {
  const backend = await initBackend(opts.backend);
  const modelJson = path.join(opts.modelDir ?? DEFAULT_MODEL_DIR, SELFIE_MODEL_FILE);
  const pipeline = { ...DEFAULTS, ...opts.pipeline };
  // One body-segmentation segmenter per graph variant in use (plain, flip-averaged); the
  // weights are ~250 KB each.
  const whole = await loadModel(modelJson, pipeline.flip);
  const refine = !pipeline.refine
    ? undefined
    : pipeline.refineFlip === pipeline.flip
      ? whole
      : await loadModel(modelJson, pipeline.refineFlip);
  const models: Models = { whole, refine };
  const frames = lazyFrameSegmenter(modelJson, {
    minBlobShare: pipeline.minBlobShare,
    ...opts.frames,
  });
  return {
    backend: backend.name,
    segment: (img) => segmentImage(models, img, pipeline),
    segmentFrames: (imgs) => frames.segmentFrames(imgs),
    dispose: () => {
      frames.dispose();
      whole.dispose();
      if (refine !== undefined && refine !== whole) refine.dispose();
    },
  };
}

/** The models of each pass (the same object when both use the same graph variant). */
interface Models {
  whole: bodySegmentation.BodySegmenter;
  refine?: bodySegmentation.BodySegmenter;
}

/** Loads the selfie model, with the flip average built into the graph or not, and warms it up. */
async function loadModel(
  modelJson: string,
  flip: boolean,
): Promise<bodySegmentation.BodySegmenter> {
  const model = await bodySegmentation.createSegmenter(
    bodySegmentation.SupportedModels.MediaPipeSelfieSegmentation,
    {
      runtime: 'tfjs',
      modelType: 'general',
      modelUrl: fileModelHandler(modelJson, { twoChannel: true, flip }),
    },
  );
  // The first inference compiles and sizes everything (~150-300 ms on wasm): pay it here, at
  // cold start, rather than on the first user's photo.
  await predict(model, new Uint8Array(MODEL_SIZE * MODEL_SIZE * 3));
  return model;
}

/** A rectangle of the image, in whole pixels. */
interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

async function segmentImage(
  models: Models,
  img: RawImage,
  opts: Required<SegmentOptions>,
): Promise<Uint8Array> {
  checkImage(img);
  const all = { left: 0, top: 0, width: img.width, height: img.height };
  const whole = await predictView(models.whole, img, all, opts);
  const views = [whole];
  const box = models.refine ? personBox(whole, img, opts.refineMargin) : undefined;
  if (models.refine && box !== undefined) {
    views.push(await predictView(models.refine, img, box, opts));
  }
  return blendViews(views, img.width, img.height);
}

/** Runs the model on `region` squashed to 256x256; returns its probability map and placement. */
async function predictView(
  model: bodySegmentation.BodySegmenter,
  img: RawImage,
  region: Region,
  opts: Required<SegmentOptions>,
): Promise<MaskView> {
  const { width, height, channels } = img;
  // sharp's reduction filter keeps large photos from aliasing. (RGBA input is slower here,
  // because sharp premultiplies alpha before resizing; decoded photos without alpha are RGB.)
  const rgb = await sharp(img.data, { raw: { width, height, channels } })
    .extract(region)
    .resize(MODEL_SIZE, MODEL_SIZE, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer();
  const prob = await predict(model, rgb);
  if (opts.minBlobShare > 0) keepMainBlobs(prob, MODEL_SIZE, MODEL_SIZE, opts.minBlobShare);
  const scaleX = MODEL_SIZE / region.width;
  const scaleY = MODEL_SIZE / region.height;
  return {
    data: prob,
    width: MODEL_SIZE,
    height: MODEL_SIZE,
    scaleX,
    offsetX: -region.left * scaleX,
    scaleY,
    offsetY: -region.top * scaleY,
  };
}

/** One body-segmentation pass on a 256x256 RGB input; returns person probabilities. */
async function predict(
  model: bodySegmentation.BodySegmenter,
  rgb: Uint8Array,
): Promise<Float32Array> {
  // The input already has the model's size, so the package's own resize is an identity and
  // its mask comes back at 256x256: RGBA float, probability in R (and A).
  const input = tf.tensor3d(rgb, [MODEL_SIZE, MODEL_SIZE, 3], 'int32');
  try {
    const people = await model.segmentPeople(input);
    const mask = people[0]?.mask;
    if (mask === undefined) throw new Error('body-segmentation returned no segmentation');
    const rgba = await mask.toTensor();
    try {
      const values = await rgba.data<'float32'>();
      const prob = new Float32Array(MODEL_SIZE * MODEL_SIZE);
      for (let i = 0; i < prob.length; i++) prob[i] = values[i * 4] ?? 0;
      return prob;
    } finally {
      rgba.dispose();
    }
  } finally {
    input.dispose();
  }
}

/**
 * Bounding box of the confident (>= 0.5) pixels of a whole-image view, in image pixels, grown
 * by `margin` times its size on every side and clipped to the image; undefined when nothing is
 * confident or the box would be degenerate.
 */
function personBox(view: MaskView, img: RawImage, margin: number): Region | undefined {
  let u0 = Infinity;
  let v0 = Infinity;
  let u1 = -Infinity;
  let v1 = -Infinity;
  for (let v = 0; v < view.height; v++) {
    for (let u = 0; u < view.width; u++) {
      if ((view.data[v * view.width + u] ?? 0) < 0.5) continue;
      u0 = Math.min(u0, u);
      u1 = Math.max(u1, u + 1);
      v0 = Math.min(v0, v);
      v1 = Math.max(v1, v + 1);
    }
  }
  if (u0 === Infinity) return undefined;
  const x0 = (u0 - view.offsetX) / view.scaleX;
  const x1 = (u1 - view.offsetX) / view.scaleX;
  const y0 = (v0 - view.offsetY) / view.scaleY;
  const y1 = (v1 - view.offsetY) / view.scaleY;
  const left = Math.max(0, Math.floor(x0 - (x1 - x0) * margin));
  const top = Math.max(0, Math.floor(y0 - (y1 - y0) * margin));
  const right = Math.min(img.width, Math.ceil(x1 + (x1 - x0) * margin));
  const bottom = Math.min(img.height, Math.ceil(y1 + (y1 - y0) * margin));
  if (right - left < 2 || bottom - top < 2) return undefined;
  return { left, top, width: right - left, height: bottom - top };
}

function checkImage(img: RawImage): void {
  const { width, height, channels, data } = img;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`image size must be positive integers, got ${width}x${height}`);
  }
  if ((channels !== 3 && channels !== 4) || data.length !== width * height * channels) {
    throw new RangeError(
      `image data has ${data.length} bytes, expected ${width}x${height}x${channels} (3 or 4)`,
    );
  }
}
