import { composeSticker, type Sticker } from './compose';
import { cutoutImage, type PersonSegmenter } from './cutout-core';

export type { PersonSegmenter } from './cutout-core';

export interface MakeStickerOptions {
  /** longest side the photo is shrunk to before segmentation (sticker is 512 px) */
  workingSize: number;
  outline: number;
  /** the upload's caption, drawn under the person; absent or blank draws nothing */
  caption?: string;
}

export interface StickerResult extends Sticker {
  timings: { decodeMs: number; segmentMs: number; matteMs: number; composeMs: number };
  usedOwnAlpha: boolean;
}

/**
 * The whole matting pipeline for one upload: the shared cut-out path (decode with
 * shrink-on-load, find the person or keep the image's own transparency), then the
 * sticker. Failures the user can act on are PermanentErrors with a message key.
 */
export async function makeSticker(
  data: Buffer,
  segmenter: () => Promise<PersonSegmenter>,
  opts: MakeStickerOptions,
): Promise<StickerResult> {
  const cut = await cutoutImage(data, segmenter, { maxSide: opts.workingSize });
  const t0 = performance.now();
  const sticker = await composeSticker(cut.rgb, cut.alpha, cut.width, cut.height, {
    outline: opts.outline,
    caption: opts.caption,
  });
  return {
    ...sticker,
    usedOwnAlpha: cut.usedOwnAlpha,
    timings: { ...cut.timings, composeMs: Math.round(performance.now() - t0) },
  };
}
