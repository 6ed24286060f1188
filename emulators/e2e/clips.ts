import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  H264_MP4_ARGS,
  decodeFrame,
  probeVideo,
  runFfmpeg,
  type VideoInfo,
} from '../telegram/video';

/**
 * Test clips, made at test time with the packaged FFmpeg (no clip is committed): a slow
 * pan and zoom over a still photo of a person, standing in front of a plain wall so the
 * frame's corners are background. And checks of a video sticker against Telegram's rules.
 */

/** NASA's public-domain portrait (see fixtures/README.md), head and torso, 512x512. */
export const PERSON_PHOTO = path.join(__dirname, 'fixtures', 'astronaut.png');

/** The shapes a clip reaches a bot in. */
export type ClipShape = 'video' | 'gif' | 'round';

interface ShapeSpec {
  width: number;
  height: number;
  fps: number;
  /** container and codec arguments */
  out: readonly string[];
  ext: string;
  /** a silent AAC track, as phone videos have one */
  audio: boolean;
  /** one 256-colour palette made for the clip, as GIF makers do */
  palette?: boolean;
}

const SHAPES: Record<ClipShape, ShapeSpec> = {
  video: { width: 640, height: 480, fps: 30, ext: 'mp4', audio: true, out: H264_MP4_ARGS },
  // A GIF as a user's client would send it; Telegram turns it into an MP4 `animation`.
  gif: { width: 320, height: 240, fps: 15, ext: 'gif', audio: false, out: [], palette: true },
  round: { width: 384, height: 384, fps: 25, ext: 'mp4', audio: true, out: H264_MP4_ARGS },
};

/**
 * A `seconds` long clip of the person: the photo on a wall, zooming in by 15% while
 * panning sideways, in the given shape (an MP4 with sound, a GIF, or a square MP4).
 */
export async function makePersonClip(shape: ClipShape, seconds = 4): Promise<Buffer> {
  const spec = SHAPES[shape];
  const frames = Math.round(seconds * spec.fps);
  // The portrait, 3/4 of the frame high, stands at the bottom centre of a wider wall.
  const side = Math.round(spec.height * 0.75) & ~1;
  const canvasW = Math.round(spec.width * 1.1) & ~1;
  const canvasH = Math.round(spec.height * 1.1) & ~1;
  const scene = [
    `[0]scale=${side}:${side}`,
    `pad=${canvasW}:${canvasH}:(ow-iw)/2:oh-ih:color=0xb8c4cc`,
    `zoompan=z='1+0.15*on/${frames}':x='(iw-iw/zoom)*(0.3+0.4*on/${frames})':y='(ih-ih/zoom)/2':d=${frames}:s=${spec.width}x${spec.height}:fps=${spec.fps}`,
  ].join(',');
  const graph = spec.palette
    ? `${scene},split[a][b];[a]palettegen[p];[b][p]paletteuse[v]`
    : `${scene}[v]`;
  const audioIn = spec.audio ? ['-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=mono'] : [];
  const audioOut = spec.audio ? ['-map', '1:a', '-c:a', 'aac', '-b:a', '32k'] : [];
  return ffmpegToFile(spec.ext, [
    '-i',
    PERSON_PHOTO,
    ...audioIn,
    '-filter_complex',
    graph,
    '-map',
    '[v]',
    ...audioOut,
    '-frames:v',
    String(frames),
    '-t',
    String(seconds),
    ...spec.out,
  ]);
}

/** Options of {@link makeWebm}, for stickers good and bad. */
export interface WebmSpec {
  width?: number;
  height?: number;
  seconds?: number;
  fps?: number;
  /** add an audio track */
  audio?: boolean;
  /** target bitrate, e.g. '200k'; noise at a high rate makes a big file */
  bitrate?: string;
  noise?: boolean;
  /** container and codec: default VP9 in WebM with alpha */
  codec?: 'vp9' | 'vp8';
}

/** A synthetic WebM (a test pattern, or noise), for the sticker checks. */
export async function makeWebm(spec: WebmSpec = {}): Promise<Buffer> {
  const { width = 512, height = 512, seconds = 2, fps = 30 } = spec;
  const source = spec.noise
    ? `color=c=gray:s=${width}x${height}:r=${fps},noise=alls=100:allf=t`
    : `testsrc=s=${width}x${height}:r=${fps}`;
  const audio = spec.audio ? ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'] : [];
  const audioOut = spec.audio ? ['-map', '1:a', '-c:a', 'libvorbis'] : [];
  const codec = spec.codec === 'vp8' ? 'libvpx' : 'libvpx-vp9';
  return ffmpegToFile('webm', [
    '-f',
    'lavfi',
    '-i',
    source,
    ...audio,
    '-map',
    '0:v',
    ...audioOut,
    '-t',
    String(seconds),
    '-c:v',
    codec,
    '-pix_fmt',
    'yuva420p',
    '-auto-alt-ref',
    '0',
    '-b:v',
    spec.bitrate ?? '200k',
    '-deadline',
    'realtime',
    '-cpu-used',
    '8',
  ]);
}

/** Runs FFmpeg with an output file in a private temp dir (MP4 needs a seekable output). */
async function ffmpegToFile(ext: string, args: string[]): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'clip-fixture-'));
  try {
    const out = path.join(dir, `clip.${ext}`);
    const run = await runFfmpeg(['-loglevel', 'error', ...args, out], undefined);
    assert.equal(run.code, 0, `FFmpeg failed: ${run.stderr}`);
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Checks a video sticker the way Telegram's rules and the issue ask: WebM, VP9 with an
 * alpha channel, no audio, one side exactly 512 and the other at most 512, at most 3 s and
 * 30 fps, at most 256 KB; and in its middle frame transparent corners around an opaque
 * person. Resolves to what the probe found, for further checks.
 */
export async function assertVideoSticker(data: Buffer): Promise<VideoInfo> {
  assert.ok(data.length <= 256 * 1024, `sticker is ${data.length} bytes`);
  const info = await probeVideo(data);
  assert.ok(info, 'FFmpeg reads the sticker');
  assert.ok(info.isWebm, `a WebM file (${info.container})`);
  assert.equal(info.codec, 'vp9');
  assert.ok(info.alpha, 'the VP9 stream carries alpha (alpha_mode 1)');
  assert.equal(info.hasAudio, false, 'no audio stream');
  assert.equal(Math.max(info.width, info.height), 512, `${info.width}x${info.height}`);
  assert.ok(info.duration > 0 && info.duration <= 3.002, `${info.duration} s`);
  assert.ok(info.fps <= 30.01, `${info.fps.toFixed(2)} fps`);
  await assertPersonFrame(data, Math.floor(info.frames / 2));
  return info;
}

/** A decoded frame: corners transparent, a good share opaque, the centre column has the person. */
async function assertPersonFrame(data: Buffer, index: number): Promise<void> {
  const { width, height, rgba } = await decodeFrame(data, index);
  const alpha = (x: number, y: number) => rgba[(y * width + x) * 4 + 3]!;
  for (const [x, y] of [
    [0, 0],
    [width - 1, 0],
    [0, height - 1],
    [width - 1, height - 1],
  ] as const) {
    assert.ok(alpha(x, y) <= 8, `frame ${index}: corner ${x},${y} is transparent (${alpha(x, y)})`);
  }
  let opaque = 0;
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i]! >= 240) opaque++;
  const share = opaque / (width * height);
  assert.ok(share > 0.15, `frame ${index}: the person is opaque (${(100 * share).toFixed(1)}%)`);
  let column = 0;
  for (let y = 0; y < height; y++) if (alpha(Math.floor(width / 2), y) >= 240) column++;
  assert.ok(column > height / 3, `frame ${index}: the person stands in the middle (${column} px)`);
}
