/**
 * What a person sees of a matte, scored against a binary ground-truth mask (bench:matting):
 * the cut-out (IoU, MAE), ghosts, soft area, how well the outline follows the true one, and the
 * colour fringe. Pure, so tested on synthetic mattes.
 */
import { squaredDistanceTo } from '../matting/distance';

/** 8-bit alpha limits of the soft and ghost areas: 0.05 < a < 0.95, 0.05 < a < 0.5. */
const FAINT = 0.05 * 255;
const HALF = 0.5 * 255;
const FIRM = 0.95 * 255;

/** Tolerance of the boundary F-score, in pixels. */
export const BOUNDARY_TOLERANCE_PX = 2;
/** Width of the band along the true outline where the fringe is measured, in pixels. */
export const FRINGE_BAND_PX = 3;

export interface MatteScores {
  /** person (alpha >= 0.5) against mask >= 128 */
  iou: number;
  /** mean |alpha - mask| on 0..1 */
  mae: number;
  /** share of pixels with 0.05 < alpha < 0.5 where the mask says background */
  ghost: number;
  /** share of pixels with 0.05 < alpha < 0.95 */
  soft: number;
  /** F-score of the predicted outline against the true one, within BOUNDARY_TOLERANCE_PX */
  boundaryF: number;
}

/** Scores `alpha` (8-bit) against `mask` (>= 128 is person), both `width * height`. */
export function scoreMatte(
  alpha: Uint8Array,
  mask: Uint8Array,
  width: number,
  height: number,
): MatteScores {
  if (alpha.length !== mask.length || alpha.length !== width * height) {
    throw new Error(`matte has ${alpha.length} pixels but mask has ${mask.length}`);
  }
  let inter = 0;
  let union = 0;
  let err = 0;
  let ghost = 0;
  let soft = 0;
  for (let i = 0; i < alpha.length; i++) {
    const a = alpha[i]!;
    const person = mask[i]! >= 128;
    const predicted = a >= 128;
    if (person && predicted) inter++;
    if (person || predicted) union++;
    err += Math.abs(a / 255 - (person ? 1 : 0));
    if (a > FAINT && a < FIRM) soft++;
    if (!person && a > FAINT && a < HALF) ghost++;
  }
  const n = Math.max(1, alpha.length);
  return {
    iou: union === 0 ? 1 : inter / union,
    mae: err / n,
    ghost: ghost / n,
    soft: soft / n,
    boundaryF: boundaryF(alpha, mask, width, height),
  };
}

/** Pixels of the region `inside` with a 4-neighbour outside it. */
function outline(inside: (i: number) => boolean, width: number, height: number): Uint8Array {
  const edge = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!inside(i)) continue;
      const border =
        (x > 0 && !inside(i - 1)) ||
        (x < width - 1 && !inside(i + 1)) ||
        (y > 0 && !inside(i - width)) ||
        (y < height - 1 && !inside(i + width));
      if (border) edge[i] = 1;
    }
  }
  return edge;
}

/** Share of the pixels of `edge` within the tolerance of a pixel of `other`; null if none. */
function within(edge: Uint8Array, other: Uint8Array, width: number, height: number) {
  const d2 = squaredDistanceTo((i) => other[i] === 1, width, height);
  const limit = BOUNDARY_TOLERANCE_PX * BOUNDARY_TOLERANCE_PX;
  let n = 0;
  let hit = 0;
  for (let i = 0; i < edge.length; i++) {
    if (edge[i] !== 1) continue;
    n++;
    if (d2[i]! <= limit) hit++;
  }
  return n === 0 ? null : hit / n;
}

/**
 * Boundary F-score: precision (predicted outline pixels near the true outline) and recall (true
 * outline pixels near the predicted one), both within BOUNDARY_TOLERANCE_PX. 1 when neither has
 * an outline, 0 when only one has.
 */
export function boundaryF(
  alpha: Uint8Array,
  mask: Uint8Array,
  width: number,
  height: number,
): number {
  const predicted = outline((i) => alpha[i]! >= 128, width, height);
  const truth = outline((i) => mask[i]! >= 128, width, height);
  const precision = within(predicted, truth, width, height);
  const recall = within(truth, predicted, width, height);
  if (precision === null && recall === null) return 1;
  if (precision === null || recall === null || precision + recall === 0) return 0;
  return (2 * precision * recall) / (precision + recall);
}

/**
 * The photo's person (mask >= 128) on a plain `colour`, as packed RGB: a photo whose true
 * foreground colours and background are both known.
 */
export function compositeOnto(
  rgb: Uint8Array,
  mask: Uint8Array,
  colour: readonly [number, number, number],
): Uint8Array {
  const out = new Uint8Array(rgb.length);
  for (let p = 0; p < mask.length; p++) {
    const person = mask[p]! >= 128;
    for (let c = 0; c < 3; c++) out[3 * p + c] = person ? rgb[3 * p + c]! : colour[c]!;
  }
  return out;
}

/**
 * Breadth-first growth from the person, 8-connected, up to `reach` steps: for every pixel
 * reached, its step count (0 on the person) and the person pixel it was reached from. That
 * pixel's colour is the person's "true colour there" for background pixels near the outline.
 */
function growPerson(mask: Uint8Array, width: number, height: number, reach: number) {
  const steps = new Int32Array(mask.length).fill(-1);
  const source = new Int32Array(mask.length).fill(-1);
  let front: number[] = [];
  for (let p = 0; p < mask.length; p++) {
    if (mask[p]! < 128) continue;
    steps[p] = 0;
    source[p] = p;
    front.push(p);
  }
  for (let step = 1; step <= reach && front.length > 0; step++) {
    const next: number[] = [];
    for (const p of front) {
      const x = p % width;
      const y = (p - x) / width;
      for (let v = Math.max(0, y - 1); v <= Math.min(height - 1, y + 1); v++) {
        for (let u = Math.max(0, x - 1); u <= Math.min(width - 1, x + 1); u++) {
          const q = v * width + u;
          if (steps[q] !== -1) continue;
          steps[q] = step;
          source[q] = source[p]!;
          next.push(q);
        }
      }
    }
    front = next;
  }
  return { steps, source };
}

/** The fringe figures of one cut-out (0..255 per band pixel; see `fringe`). */
export interface Fringe {
  /** background colour shown by translucent pixels (0 < alpha < 1): the colour fringe */
  translucent: number;
  /** the same over every visible pixel: adds opaque pixels on the wrong side of the outline */
  all: number;
}

/**
 * Colour fringe of a cut-out made from `compositeOnto`'s picture. Over the pixels within
 * FRINGE_BAND_PX of the true outline (on either side), the sum of alpha times the colour error
 * (mean over channels, 0..255) of the cut-out's colour against the person's true colour there
 * (the photo's colour on the person, the nearest person pixel's just outside), divided by the
 * number of band pixels. `translucent` counts the translucent pixels only: background colour on
 * the soft edge, what foreground estimation removes; `all` also counts opaque pixels, whose
 * wrong colour is a cut-out error (the outline in the wrong place, as IoU and boundary F see).
 */
export function fringe(
  out: { rgb: Uint8Array; alpha: Uint8Array },
  photo: Uint8Array,
  mask: Uint8Array,
  width: number,
  height: number,
): Fringe {
  const { steps, source } = growPerson(mask, width, height, FRINGE_BAND_PX);
  const inside = squaredDistanceTo((i) => mask[i]! < 128, width, height);
  const band2 = FRINGE_BAND_PX * FRINGE_BAND_PX;
  let all = 0;
  let translucent = 0;
  let n = 0;
  for (let p = 0; p < mask.length; p++) {
    const s = source[p]!;
    const near = steps[p]! > 0 || (steps[p] === 0 && inside[p]! <= band2);
    if (s < 0 || !near) continue;
    let e = 0;
    for (let c = 0; c < 3; c++) e += Math.abs(out.rgb[3 * p + c]! - photo[3 * s + c]!);
    const a = out.alpha[p]!;
    all += (a / 255) * (e / 3);
    if (a < 255) translucent += (a / 255) * (e / 3);
    n++;
  }
  return n === 0 ? { translucent: 0, all: 0 } : { translucent: translucent / n, all: all / n };
}
