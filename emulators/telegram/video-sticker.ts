/**
 * Video stickers checked the way Telegram checks them (core.telegram.org/stickers, "Video
 * Sticker Requirements"): WEBM with VP9, no audio stream, one side exactly 512 px and the
 * other at most 512, at most 3 s, at most 30 frames per second, at most 256 KB.
 *
 * Refusal texts: "file is too big" is TDLib's size check before an upload (the 256 KB is
 * `get_max_sticker_file_size` for WEBM); STICKER_VIDEO_NOWEBM, STICKER_VIDEO_LONG and
 * STICKER_PNG_DIMENSIONS are Telegram's own errors. Telegram documents the frame-rate limit
 * but no error of its own for it, so a file over 30 fps gets STICKER_VIDEO_NOWEBM here.
 */
import { badRequest } from './errors.js';
import { probeVideo } from './video.js';

export const VIDEO_STICKER_SIDE = 512;
export const MAX_VIDEO_STICKER_BYTES = 256 * 1024;
export const MAX_VIDEO_STICKER_SECONDS = 3;
export const MAX_VIDEO_STICKER_FPS = 30;
/**
 * Container timestamps are whole milliseconds, so a clip of exactly 3 s at 30 fps can
 * measure a hair over; Telegram's own encoding guide makes clips of exactly 3 s.
 */
const TIMESTAMP_SLACK_S = 0.002;

/** Checks a video sticker file; resolves to its frame size, or throws Telegram's refusal. */
export async function checkVideoSticker(data: Buffer): Promise<{ width: number; height: number }> {
  if (data.length > MAX_VIDEO_STICKER_BYTES) throw badRequest('file is too big');
  const info = await probeVideo(data);
  if (!info?.isWebm || info.codec !== 'vp9' || info.hasAudio) {
    throw badRequest('STICKER_VIDEO_NOWEBM');
  }
  if (info.duration > MAX_VIDEO_STICKER_SECONDS + TIMESTAMP_SLACK_S) {
    throw badRequest('STICKER_VIDEO_LONG');
  }
  const { width, height } = info;
  if (Math.max(width, height) !== VIDEO_STICKER_SIDE) throw badRequest('STICKER_PNG_DIMENSIONS');
  if (info.fps > MAX_VIDEO_STICKER_FPS + 0.01) throw badRequest('STICKER_VIDEO_NOWEBM');
  return { width, height };
}
