/**
 * The matting pipeline for a clip (video, GIF, round video message): probe and refuse what
 * is beyond the limits matting is sized for, decode the first 3 s to RGB frames at ≤ 30
 * fps, segment every frame with the photo's model, smooth the mattes over time, lay every
 * frame out like a photo sticker (same box for all, outline, caption) and encode a VP9
 * WebM with alpha that fits Telegram's 256 KB.
 */
import { PermanentError } from '../../shared/errors';
import {
  MAX_CLIP_FPS,
  MAX_CLIP_SECONDS,
  MAX_CLIP_SIDE,
  VIDEO_STICKER_MAX_BYTES,
  VIDEO_STICKER_MAX_FPS,
  VIDEO_STICKER_MAX_SECONDS,
} from '../../shared/limits';
import { alphaBox, type Box } from './alpha';
import { renderCaption } from './caption';
import { type ClipInfo, decodeClip, encodeWebm, probeClip } from './clip-io';
import { fillBetweenKeyframes, keyframes } from './clip-interpolate';
import { composeFrame, personBox } from './compose';
import type { PersonSegmenter } from './cutout-core';
import type { RawImage } from './segment';
import { DEFAULT_SMOOTHING, type SmoothingOptions, createTemporalSmoother } from './temporal';

/** Longer side clip frames are decoded to: the sticker's 512 px (a frame is segmented at 256). */
export const CLIP_WORKING_SIZE = 512;

export interface ClipPlan {
  width: number;
  height: number;
  fps: number;
  maxFrames: number;
}

/**
 * Refuses a clip beyond what matting is sized for, with the limits in the answer.
 * @throws PermanentError clip_too_long or clip_too_large
 */
export function checkClipLimits(info: ClipInfo): void {
  const seconds = info.durationSeconds;
  if (seconds !== undefined && seconds > MAX_CLIP_SECONDS) {
    throw new PermanentError(`clip is ${seconds} s long`, 'clip_too_long', {
      params: {
        seconds: Math.round(seconds),
        limit: MAX_CLIP_SECONDS,
        sticker: VIDEO_STICKER_MAX_SECONDS,
      },
    });
  }
  const fps = info.fps ?? 0;
  if (Math.max(info.width, info.height) > MAX_CLIP_SIDE || fps > MAX_CLIP_FPS + 0.5) {
    throw new PermanentError(
      `clip is ${info.width}x${info.height} at ${fps} fps`,
      'clip_too_large',
      {
        params: {
          width: info.width,
          height: info.height,
          fps: Math.round(fps),
          maxSide: MAX_CLIP_SIDE,
          maxFps: MAX_CLIP_FPS,
        },
      },
    );
  }
}

/** Frame size (longer side ≤ `workingSize`, aspect kept), rate (≤ 30 fps) and count (3 s). */
export function planClip(info: ClipInfo, workingSize = CLIP_WORKING_SIZE): ClipPlan {
  const scale = Math.min(1, workingSize / Math.max(info.width, info.height));
  const fps = Math.min(
    VIDEO_STICKER_MAX_FPS,
    Math.round((info.fps ?? VIDEO_STICKER_MAX_FPS) * 100) / 100,
  );
  return {
    width: Math.max(1, Math.round(info.width * scale)),
    height: Math.max(1, Math.round(info.height * scale)),
    fps,
    maxFrames: Math.floor(VIDEO_STICKER_MAX_SECONDS * fps + 1e-6),
  };
}

/** A segmenter that may also take a clip's frames several at a time (segment.ts does). */
export interface ClipSegmenter extends PersonSegmenter {
  segmentFrames?(frames: readonly RawImage[]): Promise<Uint8Array[]>;
}

export interface ClipSegmentOptions {
  /** false turns temporal smoothing off (for the benchmark's comparison) */
  smoothing?: SmoothingOptions | false;
  /** the model sees every `keyframeStep`-th frame, the others are interpolated (1 = all) */
  keyframeStep?: number;
}

/**
 * Every other frame through the model (measured with `bench:video`: IoU within 0.001 of all
 * frames, flicker lower; functions/README.md, "Moving stickers").
 */
export const DEFAULT_KEYFRAME_STEP = 2;

/**
 * The mattes of a clip's frames (packed RGB at `width` x `height`): keyframes segmented, in
 * batches where the segmenter can, the frames between interpolated (clip-interpolate.ts),
 * then, unless `smoothing` is false, smoothed over time. One matte per frame.
 */
export async function segmentFrames(
  frames: readonly Buffer[],
  width: number,
  height: number,
  segmenter: ClipSegmenter,
  opts: ClipSegmentOptions = {},
): Promise<Uint8Array[]> {
  const keys = keyframes(frames.length, opts.keyframeStep ?? DEFAULT_KEYFRAME_STEP);
  const images = keys.map((i) => ({ data: frames[i]!, width, height, channels: 3 as const }));
  let keyMattes: Uint8Array[];
  if (segmenter.segmentFrames) keyMattes = await segmenter.segmentFrames(images);
  else {
    keyMattes = [];
    for (const img of images) keyMattes.push(await segmenter.segment(img));
  }
  const raw = fillBetweenKeyframes(frames, keys, keyMattes);
  const smoothing = opts.smoothing ?? DEFAULT_SMOOTHING;
  if (smoothing === false) return raw;
  const smooth = createTemporalSmoother(width, height, smoothing);
  return raw.map((alpha, i) => smooth(frames[i]!, alpha));
}

/**
 * The box every frame is cut to: the union of the person's boxes over the clip, so the
 * sticker does not zoom or jump. The person must be found in at least one frame.
 * @throws PermanentError('no_person')
 */
export function clipBox(mattes: readonly Uint8Array[], width: number, height: number): Box {
  let found: Box | undefined;
  let union: Box | undefined;
  for (const alpha of mattes) {
    const b = alphaBox(alpha, width, height, 16);
    if (b) union = union ? unionBox(union, b) : b;
    if (!found) found = tryPersonBox(alpha, width, height);
  }
  if (!found || !union) throw new PermanentError('no person found in any frame', 'no_person');
  return { left: union.left, top: union.top, width: union.width, height: union.height };
}

function tryPersonBox(alpha: Uint8Array, width: number, height: number): Box | undefined {
  try {
    return personBox(alpha, width, height);
  } catch (err) {
    if (err instanceof PermanentError) return undefined;
    throw err;
  }
}

function unionBox(a: Box, b: Box): Box {
  const left = Math.min(a.left, b.left);
  const top = Math.min(a.top, b.top);
  const right = Math.max(a.left + a.width, b.left + b.width);
  const bottom = Math.max(a.top + a.height, b.top + b.height);
  return { left, top, width: right - left, height: bottom - top };
}

export interface StickerFrames {
  /** straight-alpha RGBA, `width * height * 4` bytes each */
  frames: Buffer[];
  width: number;
  height: number;
}

/**
 * Lays every frame out as a photo sticker would be (one box for the whole clip, outline,
 * caption), padded with a transparent column or row to even sides for 4:2:0 video.
 */
export async function composeClipFrames(
  frames: readonly Buffer[],
  mattes: readonly Uint8Array[],
  width: number,
  height: number,
  opts: { outline: number; caption?: string },
): Promise<StickerFrames> {
  const box = clipBox(mattes, width, height);
  const text = opts.caption ? await renderCaption(opts.caption) : null;
  const out: Buffer[] = [];
  let size = { width: 0, height: 0 };
  for (const [i, rgb] of frames.entries()) {
    const f = await composeFrame(rgb, mattes[i]!, width, height, {
      box,
      outline: opts.outline,
      text,
    });
    size = { width: f.width + (f.width % 2), height: f.height + (f.height % 2) };
    out.push(padTo(f.pixels, f.width, f.height, size.width, size.height));
  }
  return { frames: out, ...size };
}

function padTo(pixels: Buffer, w: number, h: number, W: number, H: number): Buffer {
  if (w === W && h === H) return pixels;
  const out = Buffer.alloc(W * H * 4);
  for (let y = 0; y < h; y++) pixels.copy(out, y * W * 4, y * w * 4, (y + 1) * w * 4);
  return out;
}

/**
 * Encode attempts, best first: quality steps down, then every other frame is dropped.
 * Each attempt costs ~15 ms CPU per frame; with `bench:video` a 3 s, 30 fps portrait clip
 * (282x512 sticker) needed crf 52 (170-205 KB) where 36 and 44 were over 256 KB, so the
 * ladder starts just below that.
 */
export const ENCODE_LADDER: readonly { crf: number; frameStep: number }[] = [
  { crf: 50, frameStep: 1 },
  { crf: 56, frameStep: 1 },
  { crf: 63, frameStep: 1 },
  { crf: 56, frameStep: 2 },
  { crf: 63, frameStep: 2 },
];

export interface EncodedClip {
  webm: Buffer;
  crf: number;
  fps: number;
  frames: number;
}

/**
 * Encodes the sticker frames, stepping down the ladder until the WebM fits in `maxBytes`.
 * @throws Error when not even the last step fits (a bug in the ladder for 512 px, 3 s)
 */
export async function encodeWithinLimit(
  sticker: StickerFrames,
  fps: number,
  maxBytes = VIDEO_STICKER_MAX_BYTES,
): Promise<EncodedClip> {
  for (const { crf, frameStep } of ENCODE_LADDER) {
    const frames = sticker.frames.filter((_, i) => i % frameStep === 0);
    const rate = fps / frameStep;
    const webm = await encodeWebm(frames, {
      width: sticker.width,
      height: sticker.height,
      fps: rate,
      crf,
    });
    if (webm.length <= maxBytes) return { webm, crf, fps: rate, frames: frames.length };
  }
  throw new Error(`video sticker does not fit in ${maxBytes} bytes even at the lowest quality`);
}

export interface MakeClipOptions extends ClipSegmentOptions {
  outline: number;
  caption?: string;
  workingSize?: number;
}

export interface ClipStickerResult extends EncodedClip {
  width: number;
  height: number;
  /** set when the clip was longer than a sticker and only its first seconds were used */
  trimmedToSeconds?: number;
  info: ClipInfo;
  timings: { decodeMs: number; segmentMs: number; composeMs: number; encodeMs: number };
}

/**
 * Clip in, Telegram video sticker out. Failures the user can act on are PermanentErrors
 * with a message key (clip_unreadable, clip_too_long, clip_too_large, no_person).
 */
export async function makeClipSticker(
  data: Buffer,
  segmenter: () => Promise<ClipSegmenter>,
  opts: MakeClipOptions,
): Promise<ClipStickerResult> {
  const t0 = performance.now();
  const info = await probeClip(data);
  checkClipLimits(info);
  const plan = planClip(info, opts.workingSize);
  const clip = await decodeClip(data, plan);
  const t1 = performance.now();
  const model = await segmenter();
  const mattes = await segmentFrames(clip.frames, plan.width, plan.height, model, opts);
  const t2 = performance.now();
  const sticker = await composeClipFrames(clip.frames, mattes, plan.width, plan.height, opts);
  const t3 = performance.now();
  const encoded = await encodeWithinLimit(sticker, plan.fps);
  const t4 = performance.now();
  return {
    ...encoded,
    width: sticker.width,
    height: sticker.height,
    ...(clip.trimmed && { trimmedToSeconds: VIDEO_STICKER_MAX_SECONDS }),
    info,
    timings: {
      decodeMs: Math.round(t1 - t0),
      segmentMs: Math.round(t2 - t1),
      composeMs: Math.round(t3 - t2),
      encodeMs: Math.round(t4 - t3),
    },
  };
}
