/**
 * Dropping blobs away from the main subject (people in the background, shadows, stray
 * detections) from a low-resolution person probability map. Pure, so tested without TF.js.
 */

/** Probability from which a pixel counts as confidently person. */
const CONFIDENT = 0.5;
/** Below this a pixel does not connect a soft edge to the subject (alpha ~5/255). */
const FAINT = 0.02;

/**
 * Keeps the main subject only: the largest confident blob (probability >= 0.5, 8-connected),
 * any other confident blob at least `minShare` of its area, and the soft pixels connected to
 * those through probability >= 0.02. Everything else becomes 0, so bystanders disappear with
 * their soft halo instead of staying as translucent ghosts, while the subject keeps its soft
 * edges. A map with no confident pixel becomes all 0. Modifies `prob` in place and returns it.
 */
export function keepMainBlobs(
  prob: Float32Array,
  width: number,
  height: number,
  minShare = 0.2,
): Float32Array {
  const n = width * height;
  const stack = new Int32Array(n); // every pixel is pushed at most once per fill
  // 1. Label confident blobs; `labels` doubles as the visited mark.
  const labels = new Int32Array(n);
  const areas: number[] = [0];
  for (let start = 0; start < n; start++) {
    if (labels[start] !== 0 || prob[start]! < CONFIDENT) continue;
    const label = areas.length;
    labels[start] = label;
    stack[0] = start;
    areas.push(flood(stack, 1, labels, prob, CONFIDENT, label, width, height));
  }
  const largest = Math.max(0, ...areas);
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
  flood(stack, seeds, reached, prob, FAINT, 1, width, height);
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
  prob: Float32Array,
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
