import { MAX_DOWNLOAD_BYTES } from '../../../shared/limits';
import { callTelegram } from '../../../shared/telegram';
import type { FeatureDeps } from '../deps';

/** A set's thumbnail: a 100x100 WEBP or PNG of at most 128 KB (Bot API). */
export const THUMBNAIL_SIDE = 100;

/**
 * Makes a sticker of a set its thumbnail: the sticker downloaded, fitted into 100x100
 * on transparency, uploaded with setStickerSetThumbnail (format "static", which Bot API
 * 7.2 asks for; telegraf 4.16 has no parameter for it, hence callApi). sharp is loaded
 * here, on first use, so that the webhook's cold start does not pay for it.
 */
export async function setThumbnailFrom(
  deps: Pick<FeatureDeps, 'telegram' | 'download'>,
  owner: number,
  set: string,
  stickerFileId: string,
): Promise<void> {
  const { telegram } = deps;
  const file = await callTelegram('getFile', () => telegram.getFile(stickerFileId));
  const data = await deps.download(await telegram.getFileLink(file), MAX_DOWNLOAD_BYTES);
  const { default: sharp } = await import('sharp');
  const thumbnail = await sharp(data)
    .resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, {
      fit: 'contain',
      background: { r: 0, g: 0, b: 0, alpha: 0 },
    })
    .webp({ quality: 90 })
    .toBuffer();
  const payload = {
    name: set,
    user_id: owner,
    format: 'static',
    thumbnail: { source: thumbnail, filename: 'thumbnail.webp' },
  };
  await callTelegram('setStickerSetThumbnail', () =>
    telegram.callApi('setStickerSetThumbnail', payload as never),
  );
}
