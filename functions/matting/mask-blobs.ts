/**
 * Dropping blobs away from the main subject (people in the background, shadows, stray
 * detections) from a person probability map or an 8-bit matte. Pure, so tested without TF.js.
 */

/** A map of person likelihood: probabilities (0..1) or 8-bit alpha (0..255). */
export type PersonMap = Float32Array | Uint8Array;

/** What counts as confidently person, and what still connects a soft edge to it. */
export interface BlobLevels {
  /** value from which a pixel counts as confidently person */
  confident: number;
  /** below this a pixel does not connect a soft edge to the subject */
  faint: number;
}

/** Levels for probability maps: 0.5, and 0.02 (alpha ~5/255). */
export const PROBABILITY_LEVELS: BlobLevels = { confident: 0.5, faint: 0.02 };

/**
 * Keeps the main subject only: the largest confident blob (probability >= 0.5, 8-connected),
 * any other confident blob at least `minShare` of its area, and the soft pixels connected to
 * those through probability >= 0.02 (other `levels` for other units, e.g. 8-bit alpha).
 * Everything else becomes 0, so bystanders disappear with their soft halo instead of staying
 * as translucent ghosts, while the subject keeps its soft edges. A map with no confident pixel
 * becomes all 0. Modifies `prob` in place and returns it.
 */
export function keepMainBlobs<T extends PersonMap>(
  prob: T,
  width: number,
  height: number,
  minShare = 0.2,
  levels: BlobLevels = PROBABILITY_LEVELS,
): T {
  const { confident, faint } = levels;
  const n = width * height;
  const stack = new Int32Array(n); // every pixel is pushed at most once per fill
  // 1. Label confident blobs; `labels` doubles as the visited mark.
  const labels = new Int32Array(n);
  const areas: number[] = [0];
  for (let start = 0; start < n; start++) {
    if (labels[start] !== 0 || prob[start]! < confident) continue;
    const label = areas.length;
    labels[start] = label;
    stack[0] = start;
    areas.push(flood(stack, 1, labels, prob, confident, label, width, height));
  }
  // A loop, not Math.max(...areas): a full-resolution matte can hold more blobs than a call
  // takes arguments.
  let largest = 0;
  for (const area of areas) if (area > largest) largest = area;
  // 2. Grow the kept blobs through faint-or-better pixels. Pixels of dropped blobs are
  // pre-marked (-1) so the growth cannot pass through them.
  const reached = new Int32Array(n);
  let seeds = 0;
  for (let i = 0; i < n; i++) {
    const label = labels[i]!;
    if (label === 0) continue;
    if (areas[label]! >= largest * minShare) {
      reached[i] = 1;
      stack[seeds++] = i;
    } else {
      reached[i] = -1;
    }
  }
  flood(stack, seeds, reached, prob, faint, 1, width, height);
  for (let i = 0; i < n; i++) {
    if (reached[i]! <= 0) prob[i] = 0;
  }
  return prob;
}

/**
 * Depth-first fill: from the `count` pixels on `stack` (already marked), marks with `mark` every
 * unmarked 8-connected pixel whose probability is >= `threshold`. Returns the number of pixels
 * popped, seeds included.
 */
function flood(
  stack: Int32Array,
  count: number,
  marks: Int32Array,
  prob: PersonMap,
  threshold: number,
  mark: number,
  width: number,
  height: number,
): number {
  let top = count;
  let popped = 0;
  while (top > 0) {
    const i = stack[--top]!;
    popped++;
    const x = i % width;
    const y = (i - x) / width;
    const x0 = x > 0 ? x - 1 : 0;
    const x1 = x < width - 1 ? x + 1 : x;
    const y0 = y > 0 ? y - 1 : 0;
    const y1 = y < height - 1 ? y + 1 : y;
    for (let ny = y0; ny <= y1; ny++) {
      for (let j = ny * width + x0, end = ny * width + x1; j <= end; j++) {
        if (marks[j] === 0 && prob[j]! >= threshold) {
          marks[j] = mark;
          stack[top++] = j;
        }
      }
    }
  }
  return popped;
}

/**
 * Clears the soft pixels (0 < value < `confident`) of a matte that are not connected, through
 * soft pixels (8-connected), to a confident one: translucent islands away from the person.
 * Confident pixels are not touched (blobs are dropped on the model's map, `keepMainBlobs`),
 * so this costs one pass plus the soft pixels. Modifies `alpha` in place and returns it.
 */
export function dropDetachedSoft(
  alpha: Uint8Array,
  width: number,
  height: number,
  confident = 128,
): Uint8Array {
  const n = width * height;
  const marks = new Int32Array(n);
  const stack = new Int32Array(n);
  let seeds = 0;
  for (let i = 0; i < n; i++) {
    const v = alpha[i]!;
    if (v >= confident) marks[i] = 1;
    else if (v > 0 && touches(alpha, i, width, height, confident)) stack[seeds++] = i;
  }
  for (let s = 0; s < seeds; s++) marks[stack[s]!] = 1;
  flood(stack, seeds, marks, alpha, 1, 1, width, height);
  for (let i = 0; i < n; i++) if (marks[i] === 0) alpha[i] = 0;
  return alpha;
}

/** Whether pixel `i` has an 8-neighbour at `level` or above. */
function touches(
  alpha: Uint8Array,
  i: number,
  width: number,
  height: number,
  level: number,
): boolean {
  const x = i % width;
  const y = (i - x) / width;
  for (let v = Math.max(0, y - 1); v <= Math.min(height - 1, y + 1); v++) {
    for (let u = Math.max(0, x - 1); u <= Math.min(width - 1, x + 1); u++) {
      if (alpha[v * width + u]! >= level) return true;
    }
  }
  return false;
}
