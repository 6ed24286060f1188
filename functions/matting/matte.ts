/**
 * The sticker's matte, made from the model's soft person map: solid inside the person, clear
 * outside, and a soft transition only in a thin band along the person's edge.
 *
 * The model sees the photo at 256x256, so its map, upsampled to the photo, fades over several
 * photo pixels. Taken as alpha, that fade shows as a blurred rim and as faint ghosts (shadows,
 * background next to a shoulder) around the person. Here the map's edge is redrawn at a fixed
 * width: near the edge the map is close to linear, so `(a - level) / |grad a|` is the signed
 * distance (in pixels) to the line where it crosses `level`, found to a fraction of a pixel.
 * The new alpha is a ramp of `edgePx` sticker pixels across that line; where the map is flat
 * (far from any edge) the ramp saturates to 0 or 1. The line itself does not move, so the cut-out
 * at alpha 0.5 stays the model's. Soft pixels no longer attached to the person are then dropped
 * (mask-blobs.ts; small solid blobs were dropped on the model's map already).
 *
 * Pure, so tested without the model. The width and level were chosen by measurement: see
 * functions/README.md ("Matte and edge colours").
 */
import { alphaBox } from './alpha';
import { STICKER_SIZE } from './compose';
import { dropDetachedSoft } from './mask-blobs';

export interface MatteOptions {
  /** width of the soft edge, in pixels of the 512-px sticker */
  edgePx: number;
  /** map value (0..1) the edge is centred on: the person's outline */
  level: number;
  /** the narrowest edge at the matte's own resolution, in its pixels (anti-aliasing) */
  minEdge: number;
}

/** Chosen with the sweep in functions/README.md ("Matte and edge colours"). */
export const MATTE_DEFAULTS: MatteOptions = {
  edgePx: 1.5,
  level: 0.5,
  minEdge: 1,
};

/** Gradient (per pixel, on 0..1) below which the map counts as flat: no edge nearby. */
const FLAT = 1e-4;

/**
 * Returns the refined matte of `alpha` (8-bit, `width * height`, 0 = background) as a new
 * array; `alpha` is not changed. The soft band is `edgePx` wide once the person is scaled
 * into the sticker (the person's box, found at `level`, maps to 512 px), but never narrower
 * than `minEdge` pixels here. A matte with nothing at `level` or above comes back all 0.
 */
export function refineMatte(
  alpha: Uint8Array,
  width: number,
  height: number,
  options: Partial<MatteOptions> = {},
): Uint8Array {
  const opts = { ...MATTE_DEFAULTS, ...options };
  const threshold = Math.max(1, Math.ceil(opts.level * 255));
  const box = alphaBox(alpha, width, height, threshold);
  if (box === null) return new Uint8Array(width * height);
  const side = Math.max(box.width, box.height);
  const edge = Math.max(opts.minEdge, (opts.edgePx * side) / STICKER_SIZE);
  return dropDetachedSoft(rampEdges(alpha, width, height, opts.level, edge), width, height);
}

/** The ramp: alpha = 0.5 + signed distance to the `level` line / `edge`, clipped to 0..1. */
function rampEdges(
  alpha: Uint8Array,
  width: number,
  height: number,
  level: number,
  edge: number,
): Uint8Array {
  const out = new Uint8Array(width * height);
  // In 8-bit units: out = 127.5 + (a - level*255) / |grad a| * (255 / edge); the gradient in
  // 8-bit units per pixel cancels the 255 of the difference.
  const centre = level * 255;
  const gain = 255 / edge;
  const flat = FLAT * 255;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const up = y > 0 ? row - width : row;
    const down = y < height - 1 ? row + width : row;
    const dy = y > 0 && y < height - 1 ? 0.5 : 1;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      const a = alpha[i]!;
      const left = x > 0 ? i - 1 : i;
      const right = x < width - 1 ? i + 1 : i;
      const gx = (alpha[right]! - alpha[left]!) * (x > 0 && x < width - 1 ? 0.5 : 1);
      const gy = (alpha[down + x]! - alpha[up + x]!) * dy;
      const g = Math.sqrt(gx * gx + gy * gy);
      const v = 127.5 + ((a - centre) / (g > flat ? g : flat)) * gain;
      out[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
    }
  }
  return out;
}
