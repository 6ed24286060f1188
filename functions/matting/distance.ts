/**
 * Exact Euclidean distance transform (Felzenszwalb & Huttenlocher, 2012), used to draw
 * a round, anti-aliased outline of any width around the person in linear time. Pure,
 * so the outline geometry is tested without images.
 */
const INF = 1e20;

function edt1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -INF;
  z[1] = INF;
  for (let q = 1; q < n; q++) {
    let p = v[k]!;
    let s = (f[q]! + q * q - (f[p]! + p * p)) / (2 * q - 2 * p);
    while (s <= z[k]!) {
      k--;
      p = v[k]!;
      s = (f[q]! + q * q - (f[p]! + p * p)) / (2 * q - 2 * p);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = INF;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const p = v[k]!;
    d[q] = (q - p) * (q - p) + f[p]!;
  }
}

/**
 * Squared distance from every pixel to the nearest pixel where `inside` is true.
 * Pixels inside get 0. With no pixel inside, every distance is about 1e20.
 *
 * The first pass (down each column) needs no parabolas: for a binary image the 1-D
 * distance is the distance to the nearest inside pixel of the column, found by one sweep
 * down and one up, row by row, so memory is read in order (a column-wise pass strides
 * through it). The second pass is the 1-D transform of each row.
 */
export function squaredDistanceTo(
  inside: (i: number) => boolean,
  width: number,
  height: number,
): Float64Array {
  const out = new Float64Array(width * height);
  for (let i = 0; i < width; i++) out[i] = inside(i) ? 0 : INF;
  for (let i = width; i < out.length; i++) out[i] = inside(i) ? 0 : out[i - width]! + 1;
  for (let i = out.length - width - 1; i >= 0; i--) {
    const below = out[i + width]! + 1;
    if (below < out[i]!) out[i] = below;
  }
  const n = Math.max(width, height);
  const f = new Float64Array(n);
  const d = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const g = out[row + x]!;
      f[x] = g >= INF ? INF : g * g;
    }
    edt1d(f, width, d, v, z);
    for (let x = 0; x < width; x++) out[row + x] = d[x]!;
  }
  return out;
}
