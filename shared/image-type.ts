/**
 * The image formats the bot accepts (JPEG, PNG, WebP), recognised from their first
 * bytes: the webhook stores nothing else, and matting hands nothing else to libvips.
 */
export type AcceptedImageType = 'image/jpeg' | 'image/png' | 'image/webp';

/** Image formats recognised from their first bytes (never trust a declared type). */
export function sniffImageType(data: Buffer): AcceptedImageType | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) {
    return 'image/jpeg';
  }
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex'))) {
    return 'image/png';
  }
  if (
    data.length >= 12 &&
    data.toString('latin1', 0, 4) === 'RIFF' &&
    data.toString('latin1', 8, 12) === 'WEBP'
  ) {
    return 'image/webp';
  }
  return null;
}
