/**
 * Clips made from a still photo with known motion, for `bench:video` and the tests: a
 * camera window moves over the photo (pan, then zoom, then a small shake), and the
 * photo's ground-truth mask is moved exactly the same way, so every frame has its mask.
 */
import sharp from 'sharp';
import { runFfmpeg, withTempDir, readOutput } from '../matting/ffmpeg';
import { seededRandom } from '../../emulators/seeded-random';

export interface MovingClip {
  /** packed RGB frames */
  frames: Buffer[];
  /** the ground-truth mask moved as its frame (0..255, one byte per pixel) */
  masks: Uint8Array[];
  width: number;
  height: number;
  fps: number;
}

export interface MovingClipOptions {
  /** longer side of the frames */
  size: number;
  fps: number;
  seconds: number;
  /** seed of the shake */
  seed?: number;
}

/** The camera window (in photo pixels) at time `t` ∈ [0, 1) of the clip. */
export function cameraWindow(
  t: number,
  photoW: number,
  photoH: number,
  shake: { dx: number; dy: number },
): { left: number; top: number; width: number; height: number } {
  // a window of 80% of the photo: the first third pans across, the second zooms in to
  // 70%, the last holds with a shake of up to 1.5% of the window
  const third = Math.min(2, Math.floor(t * 3));
  const u = t * 3 - third;
  const pan = third === 0 ? u : 1;
  const zoom = third === 0 ? 1 : third === 1 ? 1 - 0.3 * u : 0.7;
  const width = photoW * 0.8 * zoom;
  const height = photoH * 0.8 * zoom;
  const cx = photoW * (0.45 + 0.1 * pan) + (third === 2 ? shake.dx * width : 0);
  const cy = photoH * 0.5 + (third === 2 ? shake.dy * height : 0);
  const left = Math.round(Math.min(photoW - width, Math.max(0, cx - width / 2)));
  const top = Math.round(Math.min(photoH - height, Math.max(0, cy - height / 2)));
  return { left, top, width: Math.round(width), height: Math.round(height) };
}

/** A deterministic pseudo-random sequence in [-1, 1) (the emulators' seeded generator). */
function random(seed: number): () => number {
  const next = seededRandom(seed);
  return () => next() * 2 - 1;
}

/**
 * Makes the frames of a clip from `photo` (any format sharp reads) and its `mask` (a
 * single-channel image of the same size), both cut and scaled by the same window.
 */
export async function makeMovingClip(
  photo: Buffer,
  mask: Buffer,
  opts: MovingClipOptions,
): Promise<MovingClip> {
  const meta = await sharp(photo).metadata();
  const pw = meta.width ?? 0;
  const ph = meta.height ?? 0;
  const scale = opts.size / Math.max(pw * 0.8, ph * 0.8);
  // even sides, as 4:2:0 video needs
  const width = 2 * Math.round(pw * 0.4 * scale);
  const height = 2 * Math.round(ph * 0.4 * scale);
  const rnd = random(opts.seed ?? 1);
  const n = Math.round(opts.seconds * opts.fps);
  const clip: MovingClip = { frames: [], masks: [], width, height, fps: opts.fps };
  for (let k = 0; k < n; k++) {
    const win = cameraWindow(k / n, pw, ph, { dx: rnd() * 0.015, dy: rnd() * 0.015 });
    const cut = (input: Buffer, channels: 1 | 3) =>
      sharp(input)
        .extract(win)
        .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
        .toColourspace(channels === 1 ? 'b-w' : 'srgb')
        .removeAlpha()
        .raw()
        .toBuffer();
    clip.frames.push(await cut(photo, 3));
    clip.masks.push(new Uint8Array(await cut(mask, 1)));
  }
  return clip;
}

/** Encodes RGB frames as an H.264 MP4 (what phones send), near-lossless by default. */
export function encodeMp4(
  frames: readonly Buffer[],
  width: number,
  height: number,
  fps: number,
  crf = 18,
): Promise<Buffer> {
  return withTempDir(async (dir) => {
    const { code, stderr } = await runFfmpeg(
      [
        ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`],
        ...['-framerate', String(fps), '-i', 'pipe:0', '-c:v', 'libx264', '-crf', String(crf)],
        ...['-preset', 'veryfast', '-pix_fmt', 'yuv420p'],
        ...['-movflags', '+faststart', `${dir}/clip.mp4`],
      ],
      frames,
    );
    if (code !== 0) throw new Error(`H.264 encode failed: ${stderr.trim().split('\n').at(-1)}`);
    return readOutput(dir, 'clip.mp4');
  });
}
