/**
 * Clips the emulated user sends, made into what Telegram delivers to a bot: a video as
 * it is; a GIF turned into an MP4 without sound (Telegram's clients convert GIFs, and bots
 * receive them as `animation`); a round video message cut to a centred square, as the
 * clients record one. Each is stored under its own kind, with the facts Telegram reports.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Animation, Document, Video, VideoNote } from 'telegraf/types';
import type { FileKind, Store, StoredFile } from './store.js';
import { H264_MP4_ARGS, probeVideo, runFfmpeg, type VideoInfo } from './video.js';

/** Longest side of a round video as Telegram's clients record them. */
const MAX_VIDEO_NOTE_SIDE = 640;

/** Thrown for bytes that are no video Telegram could take. */
export class NotAVideoError extends Error {}

/**
 * Reads a clip's facts; an MP4 whose index is at its end cannot be read from a pipe, so
 * such a file is read from a private temporary copy instead.
 */
export async function probeClip(data: Buffer): Promise<VideoInfo> {
  const piped = await probeVideo(data);
  if (piped) return piped;
  const info = await withTempDir(async (dir) => {
    const file = path.join(dir, 'in');
    await writeFile(file, data);
    return probeVideoFile(file);
  });
  if (!info) throw new NotAVideoError('not a video FFmpeg can read');
  return info;
}

async function probeVideoFile(file: string): Promise<VideoInfo | undefined> {
  // probeVideo reads stdin; a file with its index at the end is re-muxed into a pipe.
  const run = await runFfmpeg(
    ['-i', file, '-map', '0', '-c', 'copy', '-f', 'matroska', 'pipe:1'],
    undefined,
  );
  return run.code === 0 ? probeVideo(run.stdout) : undefined;
}

/** Encodes `input` with FFmpeg into an MP4 (index first, like Telegram's), through a temp dir. */
async function encodeMp4(input: Buffer, filters: string[]): Promise<Buffer> {
  return withTempDir(async (dir) => {
    const source = path.join(dir, 'in');
    const out = path.join(dir, 'out.mp4');
    await writeFile(source, input);
    const run = await runFfmpeg(
      ['-i', source, ...filters, '-an', ...H264_MP4_ARGS, out],
      undefined,
    );
    if (run.code !== 0) throw new NotAVideoError('FFmpeg could not convert the clip');
    return readFile(out);
  });
}

async function withTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tg-emulator-'));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function storeClip(store: Store, kind: FileKind, data: Buffer, info: VideoInfo, fileName?: string) {
  return store.addFile({
    kind,
    data,
    mimeType: info.isWebm ? 'video/webm' : 'video/mp4',
    width: info.width,
    height: info.height,
    duration: Math.round(info.duration),
    ...(fileName !== undefined && { fileName }),
  });
}

/** A video message's `video`: the file as sent. */
export async function storeVideo(store: Store, data: Buffer, fileName?: string): Promise<Video> {
  const info = await probeClip(data);
  const file = storeClip(store, 'video', data, info, fileName);
  return {
    ...mediaFields(file),
    width: info.width,
    height: info.height,
    duration: file.duration ?? 0,
  };
}

/** A GIF message's `animation` and `document`: a GIF becomes an MP4 without sound first. */
export async function storeAnimation(
  store: Store,
  data: Buffer,
  fileName = 'animation.mp4',
): Promise<{ animation: Animation; document: Document }> {
  const gif = data.subarray(0, 4).toString('latin1') === 'GIF8';
  // Even sizes: H.264 in 4:2:0 needs them.
  const mp4 = gif ? await encodeMp4(data, ['-vf', 'scale=trunc(iw/2)*2:trunc(ih/2)*2']) : data;
  const info = await probeClip(mp4);
  const name = gif ? fileName.replace(/\.gif$/i, '.mp4') : fileName;
  const file = storeClip(store, 'animation', mp4, info, name);
  const fields = { ...mediaFields(file), file_name: name };
  return {
    animation: { ...fields, width: info.width, height: info.height, duration: file.duration ?? 0 },
    document: fields,
  };
}

/** A round video message's `video_note`: a centred square of at most 640 px. */
export async function storeVideoNote(store: Store, data: Buffer): Promise<VideoNote> {
  const info = await probeClip(data);
  const side = Math.min(info.width, info.height, MAX_VIDEO_NOTE_SIDE) & ~1;
  const square =
    info.width === info.height && info.width <= MAX_VIDEO_NOTE_SIDE && !info.isWebm
      ? data
      : await encodeMp4(data, ['-vf', `crop=min(iw\\,ih):min(iw\\,ih),scale=${side}:${side}`]);
  const squareInfo = square === data ? info : await probeClip(square);
  const file = storeClip(store, 'video_note', square, squareInfo);
  const { file_id, file_unique_id, file_size } = mediaFields(file);
  return {
    file_id,
    file_unique_id,
    file_size,
    length: squareInfo.width,
    duration: file.duration ?? 0,
  };
}

function mediaFields(file: StoredFile) {
  return {
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    file_size: file.data.length,
    mime_type: file.mimeType,
  };
}
