/**
 * Clips in and out through FFmpeg (ffmpeg.ts): what a clip is (probe, from the stream
 * header FFmpeg prints), its first seconds as raw RGB frames at a fixed rate and size
 * (decode), and RGBA frames as a VP9 WebM with alpha (encode).
 */
import { PermanentError } from '../../shared/errors';
import { runFfmpeg, withInput } from './ffmpeg';
import { decodeWebp, isWebp, probeWebp } from './clip-webp';
import { muxWebmWithAlpha, parseIvf } from './webm-mux';

export interface ClipInfo {
  /** FFmpeg's demuxer names, e.g. 'mov,mp4,m4a,3gp,3g2,mj2', 'matroska,webm', 'gif' */
  format: string;
  codec: string;
  pixelFormat: string;
  /** as displayed, after any rotation in the container */
  width: number;
  height: number;
  /** frames per second of the video stream; undefined when FFmpeg reports none */
  fps?: number;
  /** undefined when the container does not say (a GIF read from a pipe) */
  durationSeconds?: number;
  /** VP9 in WebM keeps alpha in side data, flagged `alpha_mode: 1`; others in the pixel format */
  hasAlpha: boolean;
  hasAudio: boolean;
}

/**
 * Reads a clip's stream header (FFmpeg without an output prints it and stops).
 * @throws PermanentError('clip_unreadable') when there is no video stream FFmpeg can read
 */
export async function probeClip(data: Buffer): Promise<ClipInfo> {
  if (isWebp(data)) return probeWebp(data);
  const { stderr } = await withInput(data, (input, stdin) => runFfmpeg(['-i', input], stdin));
  return parseProbe(stderr);
}

/** Parses the input description FFmpeg prints on stderr. Exported for tests. */
export function parseProbe(stderr: string): ClipInfo {
  const format = /^Input #0, ([^\s]+?), from/m.exec(stderr)?.[1];
  const video = /^\s*Stream #0:\d+.*?: Video: (.*)$/m.exec(stderr)?.[1];
  if (format === undefined || video === undefined) {
    const last = stderr.trim().split('\n').at(-1) ?? '';
    throw new PermanentError(`no readable video stream: ${last}`, 'clip_unreadable');
  }
  const codec = /^(\w+)/.exec(video)?.[1] ?? 'unknown';
  const size = /(?:^|[\s,])(\d{1,5})x(\d{1,5})(?=[\s,]|$)/.exec(video);
  const pixelFormat = /^\w+(?: \([^)]*\))*(?: \([^)]*\))?, (\w+)/.exec(video)?.[1] ?? 'unknown';
  let width = Number(size?.[1] ?? 0);
  let height = Number(size?.[2] ?? 0);
  if (!width || !height) throw new PermanentError('video has no size', 'clip_unreadable');
  const rotation = /rotation of (-?[\d.]+) degrees/.exec(stderr)?.[1];
  if (rotation !== undefined && Math.abs(Math.round(Number(rotation) / 90)) % 2 === 1) {
    [width, height] = [height, width];
  }
  const fps = Number(/([\d.]+k?) fps/.exec(video)?.[1]?.replace('k', '000') ?? NaN);
  const tbr = Number(/([\d.]+k?) tbr/.exec(video)?.[1]?.replace('k', '000') ?? NaN);
  const d = /Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(stderr);
  return {
    format,
    codec,
    pixelFormat,
    width,
    height,
    fps: Number.isFinite(fps) && fps > 0 ? fps : Number.isFinite(tbr) && tbr > 0 ? tbr : undefined,
    durationSeconds: d ? Number(d[1]) * 3600 + Number(d[2]) * 60 + Number(d[3]) : undefined,
    hasAlpha:
      /yuva|rgba|bgra|argb|abgr|pal8/.test(pixelFormat) || /alpha_mode\s*:\s*1/.test(stderr),
    hasAudio: /^\s*Stream #0:\d+.*?: Audio: /m.test(stderr),
  };
}

export interface DecodeOptions {
  /** output size (the caller keeps the aspect ratio) */
  width: number;
  height: number;
  fps: number;
  /** frames wanted: the decode stops at the one after them, to tell a longer clip */
  maxFrames: number;
}

export interface DecodedClip {
  /** packed RGB frames, `width * height * 3` bytes each, at `fps` */
  frames: Buffer[];
  /** true when the clip had more than `maxFrames` frames (it was cut) */
  trimmed: boolean;
}

/**
 * Decodes the start of a clip to raw RGB frames at a constant rate and the given size
 * (FFmpeg's fps and area-average scale filters; container rotation applied).
 * @throws PermanentError('clip_unreadable') when FFmpeg fails or yields no frame
 */
export async function decodeClip(data: Buffer, opts: DecodeOptions): Promise<DecodedClip> {
  if (isWebp(data)) return decodeWebp(data, opts);
  const frameBytes = opts.width * opts.height * 3;
  const frames: Buffer[] = [];
  // Each pipe chunk is copied once, straight into its frame (no joining of chunks: with
  // ~760 chunks of 64 KB for a 3 s clip, joining and slicing cost more than FFmpeg).
  let frame: Buffer | undefined;
  let filled = 0;
  const collect = (chunk: Buffer) => {
    for (let at = 0; at < chunk.length;) {
      frame ??= Buffer.allocUnsafe(frameBytes);
      const n = chunk.copy(frame, filled, at, at + frameBytes - filled);
      at += n;
      filled += n;
      if (filled === frameBytes) {
        frames.push(frame);
        frame = undefined;
        filled = 0;
      }
    }
  };
  const seconds = (opts.maxFrames + 1) / opts.fps;
  const filter = `fps=fps=${opts.fps},scale=${opts.width}:${opts.height}:flags=area`;
  const args = (input: string) => [
    ...['-i', input, '-an', '-sn', '-dn', '-vf', filter, '-t', seconds.toFixed(3)],
    ...['-vframes', String(opts.maxFrames + 1), '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
  ];
  const { code, stderr } = await withInput(data, (input, stdin) =>
    runFfmpeg(args(input), stdin, collect),
  );
  if (code !== 0 || frames.length === 0) {
    const last = stderr.trim().split('\n').at(-1) ?? '';
    throw new PermanentError(`clip decode failed (${code}): ${last}`, 'clip_unreadable');
  }
  const trimmed = frames.length > opts.maxFrames;
  return { frames: frames.slice(0, opts.maxFrames), trimmed };
}

/**
 * libvpx realtime speed: on a 282x512 sticker of 90 frames, 8 encodes the colour in 0.51 s
 * CPU (242 KB at crf 40), 6 in 0.58 s (189 KB), 5 in 0.81 s (181 KB); the `good` deadline
 * makes it 119 KB in 3.1 s. 6 is the knee.
 */
export const DEFAULT_CPU_USED = 6;

export interface EncodeOptions {
  width: number;
  height: number;
  fps: number;
  /** VP9 constant quality, 0 (best) to 63 */
  crf: number;
  /** libvpx speed, 0 (slowest, smallest) to 8 with the realtime deadline */
  cpuUsed?: number;
}

/**
 * Encodes straight-alpha RGBA frames as a Telegram video sticker stream: WebM, VP9 with
 * alpha, no audio. Colour and alpha are two fast VP9 encodes through pipes (IVF out), put
 * together by webm-mux.ts (why: see there).
 */
export async function encodeWebm(frames: Buffer[], opts: EncodeOptions): Promise<Buffer> {
  const { width, height } = opts;
  if (width % 2 || height % 2)
    throw new RangeError(`sides must be even for 4:2:0, got ${width}x${height}`);
  const frameBytes = width * height * 4;
  for (const f of frames) {
    if (f.length !== frameBytes) {
      throw new RangeError(`frame has ${f.length} bytes, not ${frameBytes}`);
    }
  }
  const colour = await encodeVp9(frames, 'rgba', opts.crf, opts);
  const alpha = await encodeVp9(
    frames.map((f) => alphaAsLuma(f, width, height)),
    'yuv420p',
    opts.crf,
    opts,
  );
  return muxWebmWithAlpha({ width, height, fps: opts.fps, colour, alpha });
}

/** A yuv420p frame whose luma is the alpha plane and whose chroma is neutral (as libvpx's). */
function alphaAsLuma(rgba: Buffer, width: number, height: number): Buffer {
  const n = width * height;
  const out = Buffer.alloc(n + n / 2, 128);
  for (let p = 0; p < n; p++) out[p] = rgba[p * 4 + 3]!;
  return out;
}

/** One VP9 stream (colour or alpha) with libvpx's fastest settings; returns its frames. */
async function encodeVp9(
  frames: Buffer[],
  pixelFormat: 'rgba' | 'yuv420p',
  crf: number,
  opts: EncodeOptions,
): Promise<Buffer[]> {
  const { code, stdout, stderr } = await runFfmpeg(
    [
      ...['-f', 'rawvideo', '-pix_fmt', pixelFormat, '-s', `${opts.width}x${opts.height}`],
      ...['-framerate', String(opts.fps), '-i', 'pipe:0', '-an'],
      ...['-c:v', 'libvpx-vp9', '-pix_fmt', 'yuv420p', '-crf', String(crf), '-b:v', '0'],
      ...[
        '-deadline',
        'realtime',
        '-cpu-used',
        String(opts.cpuUsed ?? DEFAULT_CPU_USED),
        '-threads',
        '1',
      ],
      // one key frame, no hidden frames: one VP9 frame per picture in both streams
      ...['-auto-alt-ref', '0', '-lag-in-frames', '0', '-g', '9999', '-f', 'ivf', 'pipe:1'],
    ],
    frames,
  );
  if (code !== 0) {
    throw new Error(`VP9 encode failed (${code}): ${stderr.trim().split('\n').at(-1)}`);
  }
  const out = parseIvf(stdout).map((f) => f.data);
  if (out.length !== frames.length) {
    throw new Error(`VP9 encoder gave ${out.length} frames for ${frames.length}`);
  }
  return out;
}
