import { composeSticker, type Sticker } from './compose';
import { decodeImage } from './decode';

/** What matting needs of the segmentation model: a matte at the size it was given. */
export interface PersonSegmenter {
  segment(img: {
    data: Uint8Array;
    width: number;
    height: number;
    channels: 3 | 4;
  }): Promise<Uint8Array>;
}

export interface MakeStickerOptions {
  /** longest side the photo is shrunk to before segmentation (sticker is 512 px) */
  workingSize: number;
  outline: number;
}

export interface StickerResult extends Sticker {
  timings: { decodeMs: number; segmentMs: number; composeMs: number };
  usedOwnAlpha: boolean;
}

/**
 * The whole matting pipeline for one upload: decode (shrink on load), find the person
 * (or keep the image's own transparency when it is already a cut-out), compose the
 * sticker. Failures that the user can act on are PermanentErrors with a message key.
 */
export async function makeSticker(
  data: Buffer,
  segmenter: () => Promise<PersonSegmenter>,
  opts: MakeStickerOptions,
): Promise<StickerResult> {
  const t0 = performance.now();
  const img = await decodeImage(data, { maxSide: opts.workingSize });
  const t1 = performance.now();
  const alpha =
    img.alpha ??
    (await (
      await segmenter()
    ).segment({
      data: img.rgb,
      width: img.width,
      height: img.height,
      channels: 3,
    }));
  const t2 = performance.now();
  const sticker = await composeSticker(img.rgb, alpha, img.width, img.height, {
    outline: opts.outline,
  });
  const t3 = performance.now();
  return {
    ...sticker,
    usedOwnAlpha: img.alpha !== null,
    timings: {
      decodeMs: Math.round(t1 - t0),
      segmentMs: Math.round(t2 - t1),
      composeMs: Math.round(t3 - t2),
    },
  };
}
