/**
 * Moves the person's outline where the photo's colours put it, before the matte is drawn.
 *
 * The model sees the photo at 256x256, so near the edge its map says "maybe" over several photo
 * pixels, and where that band is cut at 0.5 is the model's guess, blind to the photo's own detail.
 * The photo itself often tells person from background there: two cheap per-image colour models,
 * learned from the pixels the model is sure about, reclassify the unsure ones (the map's band
 * between `BAND` levels only; every sure pixel keeps its value):
 *
 * 1. **Colour histogram** (the whole photo): a 32x32x32-bin RGB histogram of the sure person
 *    (map >= 0.9) and of the sure background (<= 0.1); each unsure pixel's log-odds gets
 *    `HIST_WEIGHT` times the log-likelihood ratio of the colour bins (clipped to +-4, add-one
 *    smoothed), averaged over the 5x5 pixels around it. Colours seen only on the person (a coat, skin) pull towards person; colours
 *    of the wall pull away. This is one step of GrabCut's colour model, without the graph cut.
 * 2. **Local colour line** (a window around each pixel): the mean colours F of the sure person
 *    (>= 0.8 after step 1) and B of the sure background (<= 0.2) within `WINDOW` px give the
 *    pixel's colour share t = (c - B).(F - B) / |F - B|^2, as closed-form matting assumes locally.
 *    The map moves towards t, by `LINE_WEIGHT` times a confidence that grows with |F - B| (when
 *    both sides have the same colour, the colours say nothing). Only where the map is coarser
 *    than the photo (photo side > the model's 256 px): on smaller photos the map is already finer
 *    than the pixels and the step only adds noise (measured on the nprportrait thumbnails).
 *
 * Both steps act on the map, not the matte: the matte (matte.ts) is then drawn from the moved
 * line, so its band width and the ghost and fringe figures keep their meaning. The weights and
 * levels were chosen by measurement: see functions/README.md ("Matte and edge colours").
 * Pure, so tested without the model.
 */
/** Side of the model's square input (MODEL_SIZE in segment.ts, which loads TF.js). */
const MODEL_SIZE_PX = 256;
/** Unsure band of the map: 8-bit levels strictly between these get reclassified. */
const BAND = { low: 5, high: 250 };
/** Sure levels for the histogram: person >= 0.9, background <= 0.1 (8-bit). */
const HIST_SURE = { person: 230, background: 25 };
/** Weight of the colour bin's log-likelihood ratio added to the map's log-odds. */
const HIST_WEIGHT = 0.25;
/** Largest |log-likelihood ratio| a colour bin may contribute (before the weight). */
const HIST_CAP = 4;
/** Side of the square over which the colours' log-likelihood ratio is averaged (odd, px). */
const HIST_SMOOTH = 5;
/** Bits kept per channel for the histogram: 5 bits = 32 bins. */
const HIST_BITS = 5;
/** Sure levels for the local colour line: person >= 0.8, background <= 0.2 (8-bit). */
const LINE_SURE = { person: 204, background: 51 };
/** Half side of the window of the local colour line, in photo pixels. */
const WINDOW = 5;
/** Largest share of the local colour share t in the new map value. */
const LINE_WEIGHT = 0.5;
/** Colour distance |F - B| (0..255 per channel) at which the confidence is one half. */
const LINE_CONTRAST = 20;

/**
 * Returns `map` (8-bit person map, `width * height`) with its unsure pixels reclassified by the
 * colours of `rgb` (packed RGB, `width * height * 3`), as a new array; `map` is not changed.
 */
export function reclassifyByColour(
  map: Uint8Array,
  rgb: Uint8Array,
  width: number,
  height: number,
): Uint8Array {
  const byHistogram = applyHistogram(map, rgb, width, height);
  const coarseness = Math.max(width, height) / MODEL_SIZE_PX - 1;
  const weight = LINE_WEIGHT * Math.min(1, Math.max(0, coarseness));
  if (weight <= 0) return byHistogram;
  return applyColourLine(byHistogram, rgb, width, height, weight);
}

/**
 * Step 1: log-odds of the unsure pixels plus the weighted log-likelihood ratio of the colours
 * around them (the mean over a `HIST_SMOOTH`-px square: one pixel's colour alone leaves specks).
 */
function applyHistogram(
  map: Uint8Array,
  rgb: Uint8Array,
  width: number,
  height: number,
): Uint8Array {
  const out = Uint8Array.from(map);
  const llr = pixelLikelihoodRatios(map, rgb);
  if (llr === null) return out;
  const logit = new Float64Array(256);
  for (let v = 0; v < 256; v++) {
    const p = Math.min(1 - 1e-3, Math.max(1e-3, v / 255));
    logit[v] = Math.log(p / (1 - p));
  }
  const r = HIST_SMOOTH >> 1;
  for (let y = 0; y < height; y++) {
    const v0 = Math.max(0, y - r);
    const v1 = Math.min(height - 1, y + r);
    for (let x = 0; x < width; x++) {
      const a = map[y * width + x]!;
      if (a <= BAND.low || a >= BAND.high) continue;
      const u0 = Math.max(0, x - r);
      const u1 = Math.min(width - 1, x + r);
      let sum = 0;
      for (let v = v0; v <= v1; v++) {
        for (let j = v * width + u0, end = v * width + u1; j <= end; j++) sum += llr[j]!;
      }
      const z = logit[a]! + sum / ((v1 - v0 + 1) * (u1 - u0 + 1));
      out[y * width + x] = Math.round(255 / (1 + Math.exp(-z)));
    }
  }
  return out;
}

/**
 * Per pixel, `HIST_WEIGHT` times the clipped log of P(colour | person) / P(colour | background)
 * of its colour bin, from the sure pixels' histograms; null when a side has no sure pixel.
 */
function pixelLikelihoodRatios(map: Uint8Array, rgb: Uint8Array): Float32Array | null {
  const counts = colourCounts(map, rgb);
  if (counts === null) return null;
  const { person, background, norm } = counts;
  // worked out per colour bin, for the bins met only
  const ofBin = new Float64Array(person.length).fill(NaN);
  const llr = new Float32Array(map.length);
  for (let i = 0, s = 0; i < map.length; i++, s += 3) {
    const bin = colourBin(rgb, s);
    let r = ofBin[bin]!;
    if (Number.isNaN(r)) {
      r = Math.log((person[bin]! + 1) / (background[bin]! + 1)) + norm;
      r = HIST_WEIGHT * Math.min(HIST_CAP, Math.max(-HIST_CAP, r));
      ofBin[bin] = r;
    }
    llr[i] = r;
  }
  return llr;
}

function colourBin(rgb: Uint8Array, s: number): number {
  const shift = 8 - HIST_BITS;
  return (
    ((((rgb[s]! >> shift) << HIST_BITS) | (rgb[s + 1]! >> shift)) << HIST_BITS) |
    (rgb[s + 2]! >> shift)
  );
}

/**
 * Colour histograms of the sure person and the sure background, and `norm`, the log of their
 * totals' ratio with add-one smoothing (so that log((person + 1) / (background + 1)) + norm is
 * the log of P(colour | person) / P(colour | background)); null when a side has no sure pixel.
 */
function colourCounts(
  map: Uint8Array,
  rgb: Uint8Array,
): { person: Uint32Array; background: Uint32Array; norm: number } | null {
  const bins = 1 << (3 * HIST_BITS);
  const person = new Uint32Array(bins);
  const background = new Uint32Array(bins);
  let nPerson = 0;
  let nBackground = 0;
  for (let i = 0, s = 0; i < map.length; i++, s += 3) {
    const a = map[i]!;
    if (a >= HIST_SURE.person) {
      person[colourBin(rgb, s)]!++;
      nPerson++;
    } else if (a <= HIST_SURE.background) {
      background[colourBin(rgb, s)]!++;
      nBackground++;
    }
  }
  if (nPerson === 0 || nBackground === 0) return null;
  return { person, background, norm: Math.log((nBackground + bins) / (nPerson + bins)) };
}

/** Step 2: the unsure pixels moved towards their share of the local person colour. */
function applyColourLine(
  map: Uint8Array,
  rgb: Uint8Array,
  width: number,
  height: number,
  weight: number,
): Uint8Array {
  const out = Uint8Array.from(map);
  const sums = new Float64Array(8);
  for (let y = 0; y < height; y++) {
    const v0 = Math.max(0, y - WINDOW);
    const v1 = Math.min(height - 1, y + WINDOW);
    // x of the window `sums` holds; along a run of unsure pixels the window slides by a column
    let held = -2;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const a = map[i]!;
      if (a <= LINE_SURE.background || a >= LINE_SURE.person) continue;
      if (held === x - 1) {
        addColumn(map, rgb, width, x - 1 - WINDOW, v0, v1, -1, sums);
        addColumn(map, rgb, width, x + WINDOW, v0, v1, 1, sums);
      } else {
        sums.fill(0);
        for (let u = x - WINDOW; u <= x + WINDOW; u++) {
          addColumn(map, rgb, width, u, v0, v1, 1, sums);
        }
      }
      held = x;
      const t = colourShare(rgb, i * 3, sums);
      if (t !== null) out[i] = Math.round(a + weight * t.confidence * (t.share * 255 - a));
    }
  }
  return out;
}

/**
 * Adds (`sign` 1) or removes (-1) the sure pixels of column `u`, rows v0..v1, to `sums`:
 * [person count, person R, G, B, background count, R, G, B]. Columns off the photo add nothing.
 */
function addColumn(
  map: Uint8Array,
  rgb: Uint8Array,
  width: number,
  u: number,
  v0: number,
  v1: number,
  sign: number,
  sums: Float64Array,
): void {
  if (u < 0 || u >= width) return;
  for (let j = v0 * width + u, end = v1 * width + u; j <= end; j += width) {
    const a = map[j]!;
    const k = a >= LINE_SURE.person ? 0 : a <= LINE_SURE.background ? 4 : -1;
    if (k < 0) continue;
    sums[k]! += sign;
    sums[k + 1]! += sign * rgb[j * 3]!;
    sums[k + 2]! += sign * rgb[j * 3 + 1]!;
    sums[k + 3]! += sign * rgb[j * 3 + 2]!;
  }
}

/**
 * The pixel's share t (0..1) of the person colour F against the background colour B of the
 * window, and the confidence |F - B|^2 / (|F - B|^2 + LINE_CONTRAST^2); null when a side is
 * missing from the window.
 */
function colourShare(
  rgb: Uint8Array,
  s: number,
  sums: Float64Array,
): { share: number; confidence: number } | null {
  if (sums[0] === 0 || sums[4] === 0) return null;
  let dot = 0;
  let dd = 0;
  for (let c = 0; c < 3; c++) {
    const f = sums[1 + c]! / sums[0]!;
    const b = sums[5 + c]! / sums[4]!;
    dot += (rgb[s + c]! - b) * (f - b);
    dd += (f - b) * (f - b);
  }
  if (dd < 1e-6) return null;
  const share = Math.min(1, Math.max(0, dot / dd));
  return { share, confidence: dd / (dd + LINE_CONTRAST * LINE_CONTRAST) };
}
