/**
 * Animated WebP clips, which the packaged FFmpeg (4.1) cannot decode (its WebP decoder
 * reads still images only): libwebp through sharp reads the frames and their delays, and
 * they are resampled here to the constant rate FFmpeg's `fps` filter would give.
 */
import sharp from 'sharp';
import { PermanentError } from '../../shared/errors';
import { MAX_INPUT_PIXELS } from '../../shared/limits';
import type { ClipInfo, DecodedClip, DecodeOptions } from './clip-io';

/** True for a RIFF WebP file (still or animated). */
export function isWebp(data: Buffer): boolean {
  return (
    data.length >= 12 &&
    data.toString('latin1', 0, 4) === 'RIFF' &&
    data.toString('latin1', 8, 12) === 'WEBP'
  );
}

interface WebpFrames {
  width: number;
  height: number;
  pages: number;
  /** display time of each frame in ms */
  delays: number[];
  hasAlpha: boolean;
}

async function readHeader(data: Buffer): Promise<WebpFrames> {
  let meta: sharp.Metadata;
  try {
    meta = await sharp(data, { pages: -1, limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  } catch (err) {
    throw new PermanentError(`cannot read WebP: ${(err as Error).message}`, 'clip_unreadable');
  }
  const pages = meta.pages ?? 1;
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (!width || !height) throw new PermanentError('WebP has no size', 'clip_unreadable');
  // browsers show a delay under 10 ms as 100 ms; so do we
  const delays = Array.from({ length: pages }, (_, i) => {
    const d = meta.delay?.[i] ?? 100;
    return d < 10 ? 100 : d;
  });
  return { width, height, pages, delays, hasAlpha: meta.hasAlpha === true };
}

/** The WebP as a clip: size of one frame, rate from the median delay, total duration. */
export async function probeWebp(data: Buffer): Promise<ClipInfo> {
  const h = await readHeader(data);
  const sorted = [...h.delays].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 100;
  return {
    format: 'webp',
    codec: 'webp',
    pixelFormat: h.hasAlpha ? 'rgba' : 'rgb24',
    width: h.width,
    height: h.height,
    fps: Math.round((1000 / median) * 100) / 100,
    durationSeconds: h.delays.reduce((a, b) => a + b, 0) / 1000,
    hasAlpha: h.hasAlpha,
    hasAudio: false,
  };
}

/** Frames at `opts.fps` and size, each showing the WebP frame on screen at its time. */
export async function decodeWebp(data: Buffer, opts: DecodeOptions): Promise<DecodedClip> {
  const h = await readHeader(data);
  const starts: number[] = [];
  let total = 0;
  for (const d of h.delays) {
    starts.push(total);
    total += d;
  }
  const wanted = Math.max(1, Math.ceil((total / 1000) * opts.fps - 1e-6));
  const count = Math.min(opts.maxFrames, wanted);
  const cache = new Map<number, Buffer>();
  const frames: Buffer[] = [];
  for (let k = 0; k < count; k++) {
    const t = (k * 1000) / opts.fps;
    let page = 0;
    while (page + 1 < h.pages && starts[page + 1]! <= t) page++;
    let frame = cache.get(page);
    if (frame === undefined) {
      frame = await sharp(data, { page, limitInputPixels: MAX_INPUT_PIXELS })
        .resize(opts.width, opts.height, { fit: 'fill' })
        .flatten({ background: '#000000' })
        .removeAlpha()
        .raw()
        .toBuffer();
      cache.set(page, frame);
    }
    frames.push(frame);
  }
  return { frames, trimmed: wanted > opts.maxFrames };
}
