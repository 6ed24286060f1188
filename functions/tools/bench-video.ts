/**
 * CLI: moving-sticker quality, flicker and cost on clips made from a labelled portrait set.
 *
 *   npm run bench:video -- [--dataset DIR] [--clips N] [--fps 30] [--seconds 3] [--pipeline JSON]
 *     [--frames JSON] [--keyframe-step N] [--one-by-one] [--verbose]
 *
 * Each photo of DIR (`NNN.jpg|png` with `NNN.mask.png`, in subfolders; photos under 256 px
 * on a side are skipped) becomes an H.264 clip (moving-clip.ts: pan, zoom, small shake,
 * the mask moved exactly as the photo). The clip goes through the matting function's own
 * stages (makeClipSticker's parts), each timed in CPU time of this process and of FFmpeg
 * (one core: FFmpeg runs with one thread, the wasm backend has one), and in wall time.
 * Reported per clip and overall:
 * - IoU of each frame's matte (≥ 128) against its moved mask, for the clip pipeline with
 *   smoothing (`iou`), without it (`iou_raw`), and for the photo pipeline (`cutoutImage`)
 *   on the exact frames before the video codec (`iou_photo`);
 * - flicker: mean |Δalpha| / 255 between consecutive frames over the pixels whose ground
 *   truth does not change, with smoothing (`flicker`) and without (`flicker_raw`);
 * - ms per frame of decode, segmentation (+ smoothing), compose and encode, the WebM size;
 * - CPU ms (this process and FFmpeg) and wall ms per clip, decode to WebM: the "3 s clip on
 *   one core" figure.
 * Keyframes are segmented in batches (`Segmenter.segmentFrames`) and the frames between
 * interpolated, as matting does; `--keyframe-step 1` segments every frame, `--one-by-one`
 * makes one model call per frame, for the comparisons. The batch graph is
 * loaded and warmed up before the first clip, as the photo model is.
 * The last line is one JSON object.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { loadConfig } from '../../shared/config';
import { EVAL_DIR } from '../../shared/testing';
import { backendSetting } from '../matting/backend-setting';
import { decodeClip, probeClip } from '../matting/clip-io';
import { cutoutImage } from '../matting/cutout-core';
import {
  type ClipSegmenter,
  DEFAULT_KEYFRAME_STEP,
  checkClipLimits,
  composeClipFrames,
  encodeWithinLimit,
  planClip,
  segmentFrames,
} from '../matting/make-clip-sticker';
import type { FrameSegmentOptions } from '../matting/clip-segment';
import { createSegmenter, type SegmentOptions, type Segmenter } from '../matting/segment';
import { createTemporalSmoother } from '../matting/temporal';
import { encodeMp4, makeMovingClip, type MovingClip } from './moving-clip';

const PHOTO = /^(\d+)\.(jpe?g|png)$/i;

/** CPU ms used so far by this process and its waited-for children (FFmpeg), from /proc. */
function cpuMs(): number {
  const self = process.cpuUsage();
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[13], fields[14]: cutime, cstime in clock ticks (100 per second on Linux)
  const children = (Number(fields[13]) + Number(fields[14])) * 10;
  return (self.user + self.system) / 1000 + children;
}

/** Runs `fn`, returning its result with the CPU and wall ms it took. */
async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; cpu: number; wall: number }> {
  const c0 = cpuMs();
  const w0 = performance.now();
  const value = await fn();
  return { value, cpu: cpuMs() - c0, wall: performance.now() - w0 };
}

interface ClipResult {
  name: string;
  frames: number;
  iou: number;
  iou_raw: number;
  iou_photo: number;
  flicker: number;
  flicker_raw: number;
  cpu: Record<'decode' | 'segment' | 'compose' | 'encode', number>;
  cpu_ms: number;
  wall_ms: number;
  kb: number;
  crf: number;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dataset: { type: 'string', default: EVAL_DIR },
      clips: { type: 'string', default: '10' },
      fps: { type: 'string', default: '30' },
      seconds: { type: 'string', default: '3' },
      pipeline: { type: 'string' },
      frames: { type: 'string' },
      'one-by-one': { type: 'boolean', default: false },
      'keyframe-step': { type: 'string', default: String(DEFAULT_KEYFRAME_STEP) },
      verbose: { type: 'boolean', default: false },
    },
  });
  const photos = await findPhotos(path.resolve(values.dataset), Number(values.clips));
  const { TFJS_BACKEND } = loadConfig({ TFJS_BACKEND: backendSetting });
  const segmenter = await createSegmenter({ backend: TFJS_BACKEND });
  // --pipeline: SegmentOptions for the clip's frames (the photo pipeline keeps the defaults)
  const pipeline = values.pipeline ? (JSON.parse(values.pipeline) as SegmentOptions) : undefined;
  // --frames: FrameSegmentOptions for the clip's batched frames, e.g. {"flip":true}
  const frames = values.frames ? (JSON.parse(values.frames) as FrameSegmentOptions) : undefined;
  const clipSegmenter =
    pipeline || frames
      ? await createSegmenter({ backend: TFJS_BACKEND, pipeline, frames })
      : segmenter;
  const framesSegmenter: ClipSegmenter = values['one-by-one']
    ? { segment: (img) => clipSegmenter.segment(img) }
    : clipSegmenter;
  if (!values['one-by-one']) await warmUp(clipSegmenter);
  const keyframeStep = Number(values['keyframe-step']);
  const results: ClipResult[] = [];
  for (const [i, p] of photos.entries()) {
    const clip = await makeMovingClip(await readFile(p.photo), await readFile(p.mask), {
      size: 512,
      fps: Number(values.fps),
      seconds: Number(values.seconds),
      seed: i + 1,
    });
    const r = await benchClip(p.name, clip, framesSegmenter, segmenter, keyframeStep);
    results.push(r);
    if (values.verbose) console.log(JSON.stringify(r));
  }
  segmenter.dispose();
  if (clipSegmenter !== segmenter) clipSegmenter.dispose();
  const mode = `${values['one-by-one'] ? 'one frame a call' : 'batched'}, keyframe step ${keyframeStep}`;
  const clipPipeline = `${values.pipeline ?? 'default'}, frames ${values.frames ?? 'default'}`;
  report(results, `${segmenter.backend}, clip pipeline ${clipPipeline}, ${mode}`);
}

/** Loads the batch graph (lazily loaded by the segmenter) outside the timed clips. */
async function warmUp(segmenter: Segmenter): Promise<void> {
  const side = 64;
  const data = Buffer.alloc(side * side * 3, 128);
  await segmenter.segmentFrames([{ data, width: side, height: side, channels: 3 }]);
}

/** Every photo with a mask under `dir` (at least 256 px a side), `count` spread evenly. */
async function findPhotos(
  dir: string,
  count: number,
): Promise<{ name: string; photo: string; mask: string }[]> {
  const found: { name: string; photo: string; mask: string }[] = [];
  for (const rel of (await readdir(dir, { recursive: true })).sort()) {
    const m = PHOTO.exec(path.basename(rel));
    if (!m) continue;
    const mask = path.join(dir, path.dirname(rel), `${m[1]}.mask.png`);
    const meta = await sharp(path.join(dir, rel)).metadata();
    if (Math.min(meta.width ?? 0, meta.height ?? 0) < 256) continue;
    if (
      await readFile(mask).then(
        () => true,
        () => false,
      )
    ) {
      found.push({ name: rel, photo: path.join(dir, rel), mask });
    }
  }
  if (found.length === 0) throw new Error(`no photo ≥ 256 px with a mask under ${dir}`);
  const step = Math.max(1, found.length / count);
  return Array.from(
    { length: Math.min(count, found.length) },
    (_, k) => found[Math.floor(k * step)]!,
  );
}

/** The clip through the matting stages, timed, scored against its moved masks. */
async function benchClip(
  name: string,
  clip: MovingClip,
  segmenter: ClipSegmenter,
  photoSegmenter: Segmenter,
  keyframeStep: number,
): Promise<ClipResult> {
  const mp4 = await encodeMp4(clip.frames, clip.width, clip.height, clip.fps);
  const wall0 = performance.now();
  const decode = await timed(async () => {
    const info = await probeClip(mp4);
    checkClipLimits(info);
    const plan = planClip(info);
    return { plan, clip: await decodeClip(mp4, plan) };
  });
  const { plan } = decode.value;
  const frames = decode.value.clip.frames;
  const raw = await timed(() =>
    segmentFrames(frames, plan.width, plan.height, segmenter, { smoothing: false, keyframeStep }),
  );
  const smoothing = await timed(() =>
    Promise.resolve(smooth(frames, raw.value, plan.width, plan.height)),
  );
  const opts = { outline: 8 };
  const compose = await timed(() =>
    composeClipFrames(frames, smoothing.value, plan.width, plan.height, opts),
  );
  const encode = await timed(() => encodeWithinLimit(compose.value, plan.fps));
  const wall = performance.now() - wall0;
  const photo = await photoMattes(clip, photoSegmenter);
  const n = frames.length;
  return {
    name,
    frames: n,
    iou: meanIou(smoothing.value, clip.masks),
    iou_raw: meanIou(raw.value, clip.masks),
    iou_photo: meanIou(photo, clip.masks),
    flicker: flicker(smoothing.value, clip.masks),
    flicker_raw: flicker(raw.value, clip.masks),
    cpu: {
      decode: decode.cpu / n,
      segment: (raw.cpu + smoothing.cpu) / n,
      compose: compose.cpu / n,
      encode: encode.cpu / n,
    },
    cpu_ms: decode.cpu + raw.cpu + smoothing.cpu + compose.cpu + encode.cpu,
    wall_ms: wall,
    kb: encode.value.webm.length / 1024,
    crf: encode.value.crf,
  };
}

function smooth(
  frames: Buffer[],
  mattes: Uint8Array[],
  width: number,
  height: number,
): Uint8Array[] {
  const s = createTemporalSmoother(width, height);
  return mattes.map((m, i) => s(frames[i]!, m));
}

/** The photo pipeline on each exact frame (PNG, before any video codec). */
async function photoMattes(clip: MovingClip, segmenter: Segmenter): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const f of clip.frames) {
    const png = await sharp(f, { raw: { width: clip.width, height: clip.height, channels: 3 } })
      .png({ compressionLevel: 1 })
      .toBuffer();
    out.push((await cutoutImage(png, segmenter)).alpha);
  }
  return out;
}

function meanIou(mattes: Uint8Array[], masks: Uint8Array[]): number {
  let sum = 0;
  for (const [k, a] of mattes.entries()) {
    const m = masks[k]!;
    let inter = 0;
    let union = 0;
    for (let i = 0; i < a.length; i++) {
      const p = a[i]! >= 128;
      const t = m[i]! >= 128;
      if (p && t) inter++;
      if (p || t) union++;
    }
    sum += union === 0 ? 1 : inter / union;
  }
  return sum / mattes.length;
}

/** Mean |Δalpha| / 255 between consecutive frames where the ground truth stays the same. */
function flicker(mattes: Uint8Array[], masks: Uint8Array[]): number {
  let sum = 0;
  let count = 0;
  for (let k = 1; k < mattes.length; k++) {
    const a = mattes[k]!;
    const b = mattes[k - 1]!;
    const m = masks[k]!;
    const mp = masks[k - 1]!;
    for (let i = 0; i < a.length; i++) {
      if (m[i]! >= 128 !== mp[i]! >= 128) continue;
      sum += Math.abs(a[i]! - b[i]!);
      count++;
    }
  }
  return count === 0 ? 0 : sum / count / 255;
}

function report(results: ClipResult[], backend: string): void {
  const mean = (f: (r: ClipResult) => number) =>
    results.reduce((s, r) => s + f(r), 0) / Math.max(1, results.length);
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  const r1 = (x: number) => Math.round(x * 10) / 10;
  const perFrame = {
    decode: r1(mean((r) => r.cpu.decode)),
    segment: r1(mean((r) => r.cpu.segment)),
    compose: r1(mean((r) => r.cpu.compose)),
    encode: r1(mean((r) => r.cpu.encode)),
  };
  const frames = mean((r) => r.frames);
  const cpuPerClip = mean((r) => r.cpu_ms);
  console.log(
    `backend ${backend}; ${results.length} clips of ${r1(frames)} frames; CPU ms per frame ` +
      `${JSON.stringify(perFrame)}; CPU per clip ${Math.round(cpuPerClip)} ms; ` +
      `wall per clip ${Math.round(mean((r) => r.wall_ms))} ms`,
  );
  console.log(
    JSON.stringify({
      clips: results.length,
      frames: r1(frames),
      iou: r4(mean((r) => r.iou)),
      iou_raw: r4(mean((r) => r.iou_raw)),
      iou_photo: r4(mean((r) => r.iou_photo)),
      flicker: r4(mean((r) => r.flicker)),
      flicker_raw: r4(mean((r) => r.flicker_raw)),
      ms_per_frame: perFrame,
      encode_ms: Math.round(mean((r) => r.cpu.encode * r.frames)),
      clip_cpu_ms: Math.round(mean((r) => r.cpu_ms)),
      max_clip_cpu_ms: Math.round(Math.max(...results.map((r) => r.cpu_ms))),
      clip_wall_ms: Math.round(mean((r) => r.wall_ms)),
      max_clip_wall_ms: Math.round(Math.max(...results.map((r) => r.wall_ms))),
      kb: r1(mean((r) => r.kb)),
      max_kb: r1(Math.max(...results.map((r) => r.kb))),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`bench:video: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
