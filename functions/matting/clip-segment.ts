/**
 * Segmenting a clip's frames several at a time: the photo pipeline's whole-image pass (the
 * frame squashed to 256x256, the model, small blobs dropped, the map resampled onto the
 * frame, optionally averaged with the mirror image), with several frames in ONE model call.
 *
 * On the wasm backend a model call costs a fixed ~15 ms besides ~15 ms per image, so one
 * image at a time costs ~30 ms and a batch of 8 ~15 ms an image. `body-segmentation` takes
 * one image per call, so the batch graph (segment-model.ts, `toBatchArtifacts`) is run here
 * directly; its maps are the same as the package's to within float rounding (pinned by
 * clip-segment.test.ts against the photo pipeline).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfconv from '@tensorflow/tfjs-converter';
import sharp from 'sharp';
import { keepMainBlobs } from './mask-blobs';
import { blendViews } from './mask-resample';
import { readModelArtifacts, toBatchArtifacts } from './segment-model';
import type { RawImage } from './segment';

const SCALE = Math.fround(1 / 255);

export interface FrameSegmentOptions {
  /** images per model call (with `flip`, each frame takes two) */
  batch: number;
  /** average every frame with its mirror image, as the photo pipeline does */
  flip: boolean;
  /** drop confident blobs smaller than this share of the largest one (0 = keep all) */
  minBlobShare: number;
}

/**
 * Batch 8: measured 14.0 ms an image against 14.8 at 4 and 30 at 1 (wasm, one core). No
 * flip averaging: it doubles the model's work for ~0.004 IoU, which temporal smoothing
 * makes up for in part (functions/README.md, "Moving stickers").
 */
export const FRAME_SEGMENT_DEFAULTS: FrameSegmentOptions = {
  batch: 8,
  flip: false,
  minBlobShare: 0.2,
};

export interface FrameSegmenter {
  /** One matte per frame (`width * height`, 0 = background), as `Segmenter.segment` gives. */
  segmentFrames(frames: readonly RawImage[]): Promise<Uint8Array[]>;
  dispose(): void;
}

/**
 * Returns a frame segmenter whose batch graph is loaded on the first call (a photo-only
 * instance never pays for it). The TF.js backend must be initialised already.
 */
export function lazyFrameSegmenter(
  modelJson: string,
  options: Partial<FrameSegmentOptions> = {},
): FrameSegmenter {
  let loaded: Promise<FrameSegmenter> | undefined;
  let disposed = false;
  return {
    segmentFrames: async (frames) => {
      if (disposed) throw new Error('frame segmenter used after dispose');
      loaded ??= loadFrameSegmenter(modelJson, options);
      return (await loaded).segmentFrames(frames);
    },
    dispose: () => {
      disposed = true;
      void loaded?.then((s) => s.dispose());
    },
  };
}

/** Loads the batch graph of the model at `modelJson` now. */
export async function loadFrameSegmenter(
  modelJson: string,
  options: Partial<FrameSegmentOptions> = {},
): Promise<FrameSegmenter> {
  const opts = { ...FRAME_SEGMENT_DEFAULTS, ...options };
  const batch = Math.max(opts.flip ? 2 : 1, Math.floor(opts.batch));
  const artifacts = toBatchArtifacts(await readModelArtifacts(modelJson), batch);
  const model = await tfconv.loadGraphModel({ load: () => Promise.resolve(artifacts) });
  const [, size = 0, sizeX = 0] = model.inputs[0]?.shape ?? [];
  if (size !== sizeX || size <= 0) throw new Error('expected a square model input');
  const perCall = opts.flip ? batch / 2 : batch;
  return {
    segmentFrames: async (frames) => {
      const out: Uint8Array[] = [];
      for (let i = 0; i < frames.length; i += perCall) {
        const group = frames.slice(i, i + perCall);
        const maps = await predictGroup(model, group, { size, batch, flip: opts.flip });
        for (const [k, map] of maps.entries()) {
          const { width, height } = group[k]!;
          if (opts.minBlobShare > 0) keepMainBlobs(map, size, size, opts.minBlobShare);
          out.push(blendViews([wholeView(map, size, width, height)], width, height));
        }
      }
      return out;
    },
    dispose: () => model.dispose(),
  };
}

/** Each frame squashed to the model's size, as the photo pipeline's whole-image view. */
async function modelInput(frames: readonly RawImage[], size: number): Promise<Buffer[]> {
  return Promise.all(
    frames.map(({ data, width, height, channels }) => {
      if (data.length !== width * height * channels) {
        throw new RangeError(`frame has ${data.length} bytes, not ${width}x${height}x${channels}`);
      }
      return sharp(data, { raw: { width, height, channels } })
        .resize(size, size, { fit: 'fill' })
        .removeAlpha()
        .raw()
        .toBuffer();
    }),
  );
}

/** Person probability maps (`size` x `size`) of up to `batch` (or `batch / 2` with flip) frames. */
async function predictGroup(
  model: tfconv.GraphModel,
  frames: readonly RawImage[],
  { size, batch, flip }: { size: number; batch: number; flip: boolean },
): Promise<Float32Array[]> {
  const pixels = await modelInput(frames, size);
  const n = frames.length;
  const plane = size * size * 3;
  // the package's value range: x * (1 / 255) in float32, as body-segmentation shifts it
  const input = new Float32Array(n * plane);
  for (const [k, rgb] of pixels.entries()) {
    for (let j = 0; j < plane; j++) input[k * plane + j] = rgb[j]! * SCALE;
  }
  const maps = tf.tidy(() => {
    const x = tf.tensor4d(input, [n, size, size, 3]);
    // the frames, then (with flip) their mirror images, then black images up to the batch
    const parts = flip ? [x, tf.image.flipLeftRight(x)] : [x];
    const padding = batch - parts.length * n;
    if (padding > 0) parts.push(tf.zeros([padding, size, size, 3]));
    const y = model.predict(tf.concat(parts)) as tf.Tensor4D;
    const own = tf.slice(y, [0, 0, 0, 0], [n, -1, -1, -1]);
    return flip
      ? tf.mul(tf.add(own, tf.image.flipLeftRight(tf.slice(y, [n, 0, 0, 0], [n, -1, -1, -1]))), 0.5)
      : own;
  });
  try {
    const values = await maps.data<'float32'>();
    return Array.from({ length: n }, (_, k) =>
      values.slice(k * size * size, (k + 1) * size * size),
    );
  } finally {
    maps.dispose();
  }
}

/** The map as a view of the whole `width` x `height` frame. */
function wholeView(data: Float32Array, size: number, width: number, height: number) {
  return {
    data,
    width: size,
    height: size,
    scaleX: size / width,
    offsetX: 0,
    scaleY: size / height,
    offsetY: 0,
  };
}
