/**
 * Image handling done the way Telegram does it, so the bot meets realistic
 * files: photos are auto-oriented and recompressed to JPEG at a ladder of
 * sizes (largest last), stickers are read for their real format and size.
 */
import sharp from 'sharp';

/** Longest sides Telegram generates for a photo; the largest size is capped at the last. */
const PHOTO_SIDES = [90, 320, 800, 1280] as const;
const MAX_PHOTO_SIDE = 1280;
const JPEG_QUALITY = 87;

/** One rendition of an image. */
export interface Rendition {
  data: Buffer;
  width: number;
  height: number;
}

/** Decoded facts about an image, or undefined when sharp cannot read it. */
export interface ImageInfo {
  /** sharp's format name: 'jpeg', 'png', 'webp', 'gif', ... */
  format: string;
  width: number;
  height: number;
}

/** Format and pixel size as stored (no EXIF rotation: stickers carry none). */
export async function probeImage(data: Buffer): Promise<ImageInfo | undefined> {
  try {
    const meta = await sharp(data).metadata();
    if (!meta.format || !meta.width || !meta.height) return undefined;
    return { format: meta.format, width: meta.width, height: meta.height };
  } catch {
    return undefined;
  }
}

/**
 * The PhotoSize ladder Telegram builds from an uploaded photo: every standard
 * size smaller than the (auto-oriented) original, then the original capped at
 * 1280 px. Smallest first. Rejects input sharp cannot decode.
 */
export async function photoRenditions(data: Buffer): Promise<Rendition[]> {
  const oriented = await sharp(data).rotate().toBuffer({ resolveWithObject: true });
  const largest = Math.min(Math.max(oriented.info.width, oriented.info.height), MAX_PHOTO_SIDE);
  const sides: number[] = PHOTO_SIDES.filter((side) => side < largest);
  sides.push(largest);
  return Promise.all(sides.map((side) => jpegRendition(oriented.data, side)));
}

/** A JPEG thumbnail (longest side ≤ 320) as Telegram attaches to image documents. */
export async function thumbnailRendition(data: Buffer): Promise<Rendition | undefined> {
  try {
    return await jpegRendition(await sharp(data).rotate().toBuffer(), 320);
  } catch {
    return undefined;
  }
}

async function jpegRendition(data: Buffer, side: number): Promise<Rendition> {
  const out = await sharp(data)
    .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: JPEG_QUALITY })
    .toBuffer({ resolveWithObject: true });
  return { data: out.data, width: out.info.width, height: out.info.height };
}

const EXTENSION_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  zip: 'application/zip',
  tgs: 'application/x-tgsticker',
  webm: 'video/webm',
  mp4: 'video/mp4',
};

/**
 * MIME type of a file: from its magic bytes, else its extension, else the
 * declared type. Telegram does the same; telegraf declares no type at all.
 */
export function guessMimeType(data: Buffer, fileName?: string, declared?: string): string {
  if (data.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return 'image/jpeg';
  if (data.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex'))) return 'image/png';
  if (data.subarray(0, 4).toString('latin1') === 'RIFF') {
    if (data.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  }
  if (data.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  const ext = fileName?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  const byExtension = ext ? EXTENSION_TYPES[ext] : undefined;
  if (byExtension) return byExtension;
  return declared && declared !== 'text/plain' ? declared : 'application/octet-stream';
}

/** File extension used in `file_path`, like Telegram's `photos/file_12.jpg`. */
export function extensionFor(mimeType: string, fileName?: string): string {
  const fromName = fileName?.toLowerCase().match(/\.([a-z0-9]{1,8})$/)?.[1];
  if (fromName) return fromName;
  const entry = Object.entries(EXTENSION_TYPES).find(([, type]) => type === mimeType);
  return entry ? entry[0] : 'bin';
}
