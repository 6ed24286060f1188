import sharp from 'sharp';
import { PermanentError } from '../../shared/errors';
import { sniffImageType } from '../../shared/image-type';
import { MAX_INPUT_PIXELS } from '../../shared/limits';

/** Formats decoded for matting: what Telegram users send as photos and image files. */
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp']);

/**
 * The only libvips loaders this process may run: JPEG, PNG and WebP. Uploads are read from
 * a Buffer; the file loaders of the same three formats (the same parsers) serve the
 * benchmarks and tools that share this process and read photos from disk. Every other
 * loader (SVG, TIFF, HEIF, PDF, GIF, and the rest libvips carries) is blocked for the whole
 * process before any image is read, so no input can reach their parsers, not even
 * `metadata()`. Raw pixels and text are not loaders and stay available.
 */
export const ALLOWED_LOADERS = [
  'VipsForeignLoadJpegBuffer',
  'VipsForeignLoadPngBuffer',
  'VipsForeignLoadWebpBuffer',
  'VipsForeignLoadJpegFile',
  'VipsForeignLoadPngFile',
  'VipsForeignLoadWebpFile',
] as const;
sharp.block({ operation: ['VipsForeignLoad'] });
sharp.unblock({ operation: [...ALLOWED_LOADERS] });

/** Image formats the bot does not take, told apart from damaged data by their first bytes. */
const OTHER_IMAGE_FORMATS: readonly { format: string; magic: RegExp }[] = [
  { format: 'gif', magic: /^GIF8[79]a/ },
  { format: 'tiff', magic: /^(?:II\*\0|MM\0\*)/ },
  { format: 'svg', magic: /^\s*(?:<\?xml|<svg|<!DOCTYPE svg)/i },
  { format: 'heif/avif', magic: /^[\s\S]{4}ftyp/ },
  { format: 'bmp', magic: /^BM/ },
];

/**
 * Longest a decode may run. A 50 MP progressive JPEG or interlaced 16-bit PNG, the
 * slowest accepted inputs, decode in a few seconds on the function's vCPU; far beyond
 * that the input is built to stall the decoder, and a retry would stall it again.
 */
export const DECODE_TIMEOUT_SECONDS = 30;

/** Smallest side worth a sticker: below it there is no person to find. */
export const MIN_SIDE = 16;

export interface DecodedImage {
  /** packed RGB at width x height */
  rgb: Buffer;
  width: number;
  height: number;
  /** the image's own alpha when it is already a cut-out (a transparent PNG/WebP), else null */
  alpha: Uint8Array | null;
  /** size after EXIF orientation, before any downscaling */
  originalWidth: number;
  originalHeight: number;
}

/**
 * Decodes an upload for matting: reads the header first so an oversized image is
 * refused before any pixel is decoded, applies EXIF orientation, takes the first frame
 * of an animation, and shrinks on load to `maxSide` (the sticker is 512 px, so more
 * pixels only cost time). Undecodable input is a permanent, user-facing error.
 */
export async function decodeImage(
  data: Buffer,
  opts: { maxSide?: number; maxPixels?: number } = {},
): Promise<DecodedImage> {
  const maxPixels = opts.maxPixels ?? MAX_INPUT_PIXELS;
  const meta = await readHeader(data, maxPixels);
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  const rotated = (meta.orientation ?? 1) >= 5;
  const maxSide = opts.maxSide ?? Number.MAX_SAFE_INTEGER;
  try {
    const img = sharp(data, { limitInputPixels: maxPixels, failOn: 'error' })
      .timeout({ seconds: DECODE_TIMEOUT_SECONDS })
      .rotate()
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb');
    const { data: px, info } = await img.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const n = info.width * info.height;
    const rgb = Buffer.alloc(n * 3);
    const alpha = new Uint8Array(n);
    let transparent = 0;
    for (let p = 0, i = 0, j = 0; p < n; p++, i += 4, j += 3) {
      rgb[j] = px[i]!;
      rgb[j + 1] = px[i + 1]!;
      rgb[j + 2] = px[i + 2]!;
      alpha[p] = px[i + 3]!;
      if (px[i + 3]! < 128) transparent++;
    }
    // An image whose own alpha already hides a good part of it is a cut-out: keep it.
    const isCutout = meta.hasAlpha === true && transparent >= 0.05 * n;
    return {
      rgb,
      width: info.width,
      height: info.height,
      alpha: isCutout ? alpha : null,
      originalWidth: rotated ? h : w,
      originalHeight: rotated ? w : h,
    };
  } catch (err) {
    throw new PermanentError(`cannot decode image: ${(err as Error).message}`, 'undecodable');
  }
}

/**
 * The header of an upload the bot accepts, refused (permanently, with the user's reason)
 * when it is not a JPEG, PNG or WebP, has no size, or is too small or too large.
 */
async function readHeader(data: Buffer, maxPixels: number): Promise<sharp.Metadata> {
  // Only the formats the bot accepts, recognised from their bytes before libvips looks:
  // SVG, PDF, TIFF and friends are not photos (and their loaders are blocked anyway).
  if (!sniffImageType(data)) {
    const other = OTHER_IMAGE_FORMATS.find(({ magic }) =>
      magic.test(data.toString('latin1', 0, 64)),
    );
    throw new PermanentError(
      `not a JPEG, PNG or WebP${other ? `: ${other.format}` : ''}`,
      other ? 'not_image' : 'undecodable',
    );
  }
  let meta: sharp.Metadata;
  try {
    meta = await sharp(data, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw new PermanentError(`cannot read image header: ${(err as Error).message}`, 'undecodable');
  }
  if (!ACCEPTED_FORMATS.has(meta.format ?? '')) {
    throw new PermanentError(`unsupported image format ${meta.format ?? 'unknown'}`, 'not_image');
  }
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (!w || !h) throw new PermanentError('image has no size', 'undecodable');
  if (Math.min(w, h) < MIN_SIDE) {
    throw new PermanentError(`image is ${w}x${h}`, 'too_small', {
      params: { width: w, height: h, min: MIN_SIDE },
    });
  }
  if (w * h > maxPixels) {
    throw new PermanentError(`image is ${w}x${h}`, 'too_many_pixels', {
      params: { megapixels: megapixels(w, h), limit: maxPixels / 1e6 },
    });
  }
  return meta;
}

/** Megapixels of an image header, for the "too large" message. */
export function megapixels(width: number, height: number): number {
  return Math.round((width * height) / 1e5) / 10;
}
