/**
 * Video files the way Telegram reads them, with the FFmpeg that ships inside the npm
 * package @ffmpeg-installer/linux-x64 (no system FFmpeg, nothing downloaded): probing a
 * clip's container, codec, size, frame rate, duration and streams, and a still frame for
 * the thumbnail Telegram attaches to videos. Files go in and out through pipes.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

/** The packaged FFmpeg binary (the package has no JS entry point, only the binary). */
export const FFMPEG_PATH = path.join(
  path.dirname(require.resolve('@ffmpeg-installer/linux-x64/package.json')),
  'ffmpeg',
);

/**
 * FFmpeg's output arguments for an MP4 as Telegram's clients make one: H.264 in 4:2:0,
 * with the index first so that it plays (and probes) while it streams.
 */
export const H264_MP4_ARGS: readonly string[] = [
  '-c:v',
  'libx264',
  '-preset',
  'veryfast',
  '-pix_fmt',
  'yuv420p',
  '-movflags',
  '+faststart',
];

/** What a probe learns about a clip; `undefined` fields were not in FFmpeg's report. */
export interface VideoInfo {
  /** FFmpeg's demuxer names, e.g. 'matroska,webm' or 'mov,mp4,m4a,3gp,3g2,mj2' */
  container: string;
  /** true for an EBML file whose DocType is "webm" (Matroska shares the demuxer) */
  isWebm: boolean;
  codec: string;
  width: number;
  height: number;
  /** seconds, from the packets: last timestamp plus its duration, minus the first */
  duration: number;
  frames: number;
  /** frames per second over the whole clip */
  fps: number;
  hasAudio: boolean;
  /** a VP9 stream with its alpha channel (WebM `alpha_mode: 1`) */
  alpha: boolean;
}

/** Output of one FFmpeg run; it never runs through a shell. */
export interface FfmpegResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs the packaged FFmpeg with `args`, feeding `input` on stdin. Output beyond
 * `maxOutputBytes` or a run beyond `timeoutMs` kills it (a hostile file must not hang us).
 */
export function runFfmpeg(
  args: string[],
  input: Buffer | undefined,
  { maxOutputBytes = 64 * 1024 * 1024, timeoutMs = 30_000 } = {},
): Promise<FfmpegResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(FFMPEG_PATH, ['-hide_banner', ...(input ? [] : ['-nostdin']), ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxOutputBytes) child.kill('SIGKILL');
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 256 * 1024) stderr += chunk.toString('utf8');
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr });
    });
    // FFmpeg may stop reading once it has what it needs: that is not an error here.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/**
 * Probes a clip: FFmpeg reads the container and copies the first video stream's packets
 * to `framemd5`, which lists each packet's timestamp and duration without decoding.
 * Resolves to undefined when FFmpeg finds no video stream in the bytes.
 */
export async function probeVideo(data: Buffer): Promise<VideoInfo | undefined> {
  const run = await runFfmpeg(
    ['-i', 'pipe:0', '-map', '0:v:0', '-c', 'copy', '-f', 'framemd5', 'pipe:1'],
    data,
  );
  if (run.code !== 0) return undefined;
  const stream = /Stream #0:\d+[^:\n]*: Video: (\w+)[^\n]*?, (\d+)x(\d+)/.exec(run.stderr);
  const container = /Input #0, (.+?), from/.exec(run.stderr)?.[1];
  if (!stream || !container) return undefined;
  const timing = packetTiming(run.stdout.toString('latin1'));
  if (!timing) return undefined;
  return {
    container,
    isWebm: isWebmFile(data),
    codec: stream[1]!,
    width: Number(stream[2]),
    height: Number(stream[3]),
    ...timing,
    hasAudio: /Stream #0:\d+[^:\n]*: Audio:/.test(run.stderr),
    alpha: /alpha_mode\s*:\s*1/.test(run.stderr),
  };
}

/** Frames, duration and frame rate from framemd5 lines `stream, dts, pts, duration, …`. */
function packetTiming(listing: string): Pick<VideoInfo, 'duration' | 'frames' | 'fps'> | null {
  const tb = /^#tb 0: (\d+)\/(\d+)$/m.exec(listing);
  if (!tb) return null;
  const unit = Number(tb[1]) / Number(tb[2]);
  const packets = listing
    .split('\n')
    .filter((line) => /^\d/.test(line))
    .map((line) => line.split(',').map((f) => Number(f.trim())));
  if (packets.length === 0) return null;
  const pts = packets.map((p) => p[2] ?? 0).sort((a, b) => a - b);
  const first = pts[0]!;
  const last = pts.at(-1)!;
  // A packet without a duration lasts as long as the clip's average frame interval.
  const lastDuration =
    packets.find((p) => p[2] === last)?.[3] ||
    (packets.length > 1 ? (last - first) / (packets.length - 1) : 0);
  const duration = (last + lastDuration - first) * unit;
  return { duration, frames: packets.length, fps: duration > 0 ? packets.length / duration : 0 };
}

/** EBML magic, then DocType (element 0x4282) "webm" in the header; Matroska says "matroska". */
export function isWebmFile(data: Buffer): boolean {
  if (data.length < 4 || data.readUInt32BE(0) !== 0x1a45dfa3) return false;
  const head = data.subarray(0, Math.min(data.length, 64));
  const at = head.indexOf(Buffer.from([0x42, 0x82]));
  return at >= 0 && head.indexOf('webm', at, 'latin1') > at;
}

/**
 * One decoded frame as raw RGBA, `index` counted from 0. VP9 goes through libvpx, the
 * decoder that keeps a WebM's alpha channel (FFmpeg's native vp9 decoder drops it).
 */
export async function decodeFrame(
  data: Buffer,
  index: number,
): Promise<{ width: number; height: number; rgba: Buffer }> {
  const info = await probeVideo(data);
  if (!info) throw new Error('not a video FFmpeg can read');
  const decoder = info.codec === 'vp9' ? ['-c:v', 'libvpx-vp9'] : [];
  const run = await runFfmpeg(
    [
      ...decoder,
      '-i',
      'pipe:0',
      '-vf',
      `select=eq(n\\,${index})`,
      '-frames:v',
      '1',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgba',
      'pipe:1',
    ],
    data,
  );
  const expected = info.width * info.height * 4;
  if (run.code !== 0 || run.stdout.length !== expected) {
    throw new Error(`frame ${index} could not be decoded (${run.stdout.length} bytes)`);
  }
  return { width: info.width, height: info.height, rgba: run.stdout };
}
