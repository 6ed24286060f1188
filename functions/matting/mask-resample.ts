/**
 * Bilinear resampling of low-resolution probability maps back onto image pixels.
 *
 * The model sees 256x256 views of the photo (the whole of it, then a crop around the person);
 * the matte must be at the photo's own resolution. Doing the mapping here, with an explicit
 * affine map per view, keeps both views on one code path, gets the half-pixel alignment right
 * (pixel centres at i + 0.5 on both sides) and writes 8-bit alpha directly, so no float copy of
 * a large photo is ever held.
 */

/** A probability map (row-major, values 0..1) and where it sits on the image. */
export interface MaskView {
  data: Float32Array;
  width: number;
  height: number;
  /**
   * Maps image coordinates to map coordinates: `u = x * scaleX + offsetX`,
   * `v = y * scaleY + offsetY` (continuous coordinates).
   */
  scaleX: number;
  offsetX: number;
  scaleY: number;
  offsetY: number;
}

/**
 * Samples the views bilinearly at the centre of every pixel of a `width` x `height` image and
 * returns 8-bit alpha (probability x 255, rounded), row-major.
 *
 * The first view covers the whole image (its border is replicated); each further view is a
 * crop and only counts for pixels whose centre falls inside it. Where several views cover a
 * pixel, their probabilities are averaged: two views of different framing disagree mostly
 * where both are unsure, so the average is a cheap ensemble.
 */
export function blendViews(views: MaskView[], width: number, height: number): Uint8Array {
  const alpha = new Uint8Array(width * height);
  const taps = views.map((view, i) => ({
    view,
    xs: axisTaps(width, view.width, view.scaleX, view.offsetX, i > 0),
    ys: axisTaps(height, view.height, view.scaleY, view.offsetY, i > 0),
    // One map row, interpolated vertically for the current image row.
    line: new Float32Array(view.width),
  }));
  const sum = new Float32Array(width);
  const count = new Uint8Array(width);
  const inverse = taps.map((_, n) => 255 / Math.max(1, n + 1));
  // Hot loops (this runs for every pixel of the photo): indices are in range by construction,
  // hence the non-null assertions; valid columns of a view are one contiguous range.
  for (let y = 0; y < height; y++) {
    count.fill(0);
    for (const [v, { view, xs, ys, line }] of taps.entries()) {
      if (ys.valid[y] === 0 || xs.end <= xs.start) continue;
      const src = view.data;
      const wy = ys.weight[y]!;
      const r0 = ys.index[y]! * view.width;
      const r1 = r0 + ys.next[y]! * view.width;
      for (let u = 0; u < view.width; u++) {
        const a = src[r0 + u]!;
        line[u] = a + wy * (src[r1 + u]! - a);
      }
      const { index, next, weight, start, end } = xs;
      if (v === 0) {
        // The whole view covers every column: write instead of accumulating.
        for (let x = start; x < end; x++) {
          const i0 = index[x]!;
          const a = line[i0]!;
          sum[x] = a + weight[x]! * (line[i0 + next[x]!]! - a);
        }
      } else {
        for (let x = start; x < end; x++) {
          const i0 = index[x]!;
          const a = line[i0]!;
          sum[x] = sum[x]! + a + weight[x]! * (line[i0 + next[x]!]! - a);
          count[x] = count[x]! + 1;
        }
      }
    }
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const p = sum[x]! * inverse[count[x]!]!;
      alpha[row + x] = p <= 0 ? 0 : p >= 255 ? 255 : Math.round(p);
    }
  }
  return alpha;
}

interface Taps {
  index: Int32Array;
  /** 1 when the second tap is index + 1, 0 at the border (both taps the same sample). */
  next: Int32Array;
  weight: Float32Array;
  valid: Uint8Array;
  /** Valid outputs are start..end-1. */
  start: number;
  end: number;
}

/** Precomputes, per output column (or row), the two source taps and the weight of the second. */
function axisTaps(n: number, size: number, scale: number, offset: number, crop: boolean): Taps {
  const taps: Taps = {
    index: new Int32Array(n),
    next: new Int32Array(n),
    weight: new Float32Array(n),
    valid: new Uint8Array(n),
    start: n,
    end: 0,
  };
  for (let i = 0; i < n; i++) {
    const u = (i + 0.5) * scale + offset;
    if (crop && (u < 0 || u > size)) continue;
    taps.valid[i] = 1;
    taps.start = Math.min(taps.start, i);
    taps.end = i + 1;
    const pos = Math.min(Math.max(u - 0.5, 0), size - 1);
    const i0 = Math.floor(pos);
    taps.index[i] = i0;
    taps.next[i] = i0 < size - 1 ? 1 : 0;
    taps.weight[i] = pos - i0;
  }
  return taps;
}
