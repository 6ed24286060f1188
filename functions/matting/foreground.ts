/**
 * Foreground colours for the half-transparent pixels of a cut-out, so that an edge pixel shows
 * the person's colour rather than a mix with the wall behind them (the "colour fringe").
 *
 * The method is multilevel foreground estimation (Germer, Uelwer, Conrad, Harmeling: "Fast
 * Multi-Level Foreground Estimation", ICPR 2020; pymatting's `estimate_foreground_ml`): solve
 * `I = a F + (1 - a) B` for a foreground F and a background B that are smooth where alpha is
 * smooth, by Gauss-Seidel sweeps on a pyramid from 1x1 up to the image, each level started from
 * the one below. The levels up to `denseSide` are solved on every pixel, as in the paper. Above
 * that only pixels near fractional alpha can change what is shown (where alpha is 1 the answer
 * is F = I; where it is 0, F is invisible), so the full-resolution level is solved on those
 * pixels only, started from the last dense level; the levels in between are skipped, and more
 * sweeps are made on the thin band instead. On 550x830 photos with the refined matte that took
 * 14-18 ms of CPU on a busy 2-core machine; solving every level densely took 40-80 ms there
 * on a smaller (480x360) synthetic scene.
 */

export interface ForegroundOptions {
  /** smoothness where alpha is flat (the paper's epsilon) */
  regularization: number;
  /** weight of the alpha gradient in the smoothness term (the paper's omega) */
  gradientWeight: number;
  /** levels of at most this size on both sides get `smallIterations` sweeps */
  smallSize: number;
  smallIterations: number;
  bigIterations: number;
  /** levels with a longest side up to this are solved on every pixel */
  denseSide: number;
  /** sweeps at full resolution over the pixels near the soft edge */
  edgeIterations: number;
  /** how far (px, square) around a fractional pixel the full-resolution solve reaches */
  reach: number;
}

/**
 * pymatting's defaults for the paper's parameters. The edge solve's (8 sweeps within 1 px of
 * fractional alpha): on foreground.test.ts's scenes it stays within a mean 6/255 of solving
 * every level densely, at a fraction of the cost; 2 or 3 px gave the same colours, 4 or 6
 * sweeps 1-2/255 worse.
 */
export const FOREGROUND_DEFAULTS: ForegroundOptions = {
  regularization: 1e-5,
  gradientWeight: 1,
  smallSize: 32,
  smallIterations: 10,
  bigIterations: 2,
  denseSide: 128,
  edgeIterations: 8,
  reach: 1,
};

/** One pyramid level: image, alpha, and the current F and B, all 0..1, RGB interleaved. */
interface Level {
  w: number;
  h: number;
  img: Float32Array;
  alpha: Float32Array;
  F: Float32Array;
  B: Float32Array;
}

/**
 * Replaces the colour of every pixel with 0 < alpha < 255 by its estimated foreground colour,
 * in place (`rgb` is packed RGB, `alpha` 8-bit, both `width * height`), and returns `rgb`.
 * Opaque and clear pixels keep their colours.
 */
export function estimateForeground(
  rgb: Uint8Array,
  alpha: Uint8Array,
  width: number,
  height: number,
  options: Partial<ForegroundOptions> = {},
): Uint8Array {
  const opts = { ...FOREGROUND_DEFAULTS, ...options };
  const levels = Math.max(1, Math.ceil(Math.log2(Math.max(width, height))));
  let level: Level | undefined;
  for (let i = 0; i <= levels; i++) {
    const w = Math.round(width ** (i / levels));
    const h = Math.round(height ** (i / levels));
    if (Math.max(w, h) > opts.denseSide && level !== undefined) break;
    level = makeLevel(rgb, alpha, width, height, w, h, level);
    const small = w <= opts.smallSize && h <= opts.smallSize;
    sweepLevel(level, small ? opts.smallIterations : opts.bigIterations, opts);
  }
  if (level === undefined) return rgb;
  if (level.w === width && level.h === height) {
    for (let p = 0; p < alpha.length; p++) {
      if (alpha[p]! > 0 && alpha[p]! < 255) writeColour(rgb, 3 * p, level.F, 3 * p);
    }
    return rgb;
  }
  solveEdges(rgb, alpha, width, height, level, opts);
  return rgb;
}

/** Nearest-neighbour source index along one axis, as pymatting resizes: floor(i * from / to). */
function nearest(to: number, from: number): Int32Array {
  const map = new Int32Array(to);
  for (let i = 0; i < to; i++) map[i] = Math.min(from - 1, Math.floor((i * from) / to));
  return map;
}

/** Builds level `w` x `h` from the full image, starting F and B from the level below. */
function makeLevel(
  rgb: Uint8Array,
  alpha: Uint8Array,
  width: number,
  height: number,
  w: number,
  h: number,
  below: Level | undefined,
): Level {
  const n = w * h;
  const level: Level = {
    w,
    h,
    img: new Float32Array(n * 3),
    alpha: new Float32Array(n),
    F: new Float32Array(n * 3),
    B: new Float32Array(n * 3),
  };
  const xs = nearest(w, width);
  const ys = nearest(h, height);
  for (let y = 0, k = 0; y < h; y++) {
    for (let x = 0; x < w; x++, k++) {
      const s = ys[y]! * width + xs[x]!;
      level.alpha[k] = alpha[s]! / 255;
      for (let c = 0; c < 3; c++) level.img[3 * k + c] = rgb[3 * s + c]! / 255;
    }
  }
  if (below === undefined) {
    level.F.set(level.img);
    level.B.set(level.img);
    return level;
  }
  const bx = nearest(w, below.w);
  const by = nearest(h, below.h);
  for (let y = 0, k = 0; y < h; y++) {
    for (let x = 0; x < w; x++, k++) {
      const s = 3 * (by[y]! * below.w + bx[x]!);
      for (let c = 0; c < 3; c++) {
        level.F[3 * k + c] = below.F[s + c]!;
        level.B[3 * k + c] = below.B[s + c]!;
      }
    }
  }
  return level;
}

/**
 * The pixels a sweep solves and what it needs of each: alpha, colour (0..1, RGB), and four
 * neighbours (node numbers into F and B, which may hold more nodes than are solved) with their
 * smoothness weights `regularization + gradientWeight * |alpha difference|`, fixed per level.
 */
interface Graph {
  /** nodes 0..solved-1 are solved; higher nodes are fixed neighbours */
  solved: number;
  alpha: Float32Array;
  img: Float32Array;
  neighbours: Int32Array;
  weights: Float32Array;
}

const clip01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

/**
 * One Gauss-Seidel sweep of the paper's per-pixel update: for every solved node, the 2x2
 * least-squares solve for its F and B given its neighbours' current values.
 */
function sweep(g: Graph, F: Float32Array, B: Float32Array, backwards: boolean): void {
  const { alpha, img, neighbours, weights } = g;
  for (let n = 0; n < g.solved; n++) {
    const k = backwards ? g.solved - 1 - n : n;
    let s = 0;
    let f0 = 0;
    let f1 = 0;
    let f2 = 0;
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    for (let d = 4 * k; d < 4 * k + 4; d++) {
      const j = 3 * neighbours[d]!;
      const w = weights[d]!;
      s += w;
      f0 += w * F[j]!;
      f1 += w * F[j + 1]!;
      f2 += w * F[j + 2]!;
      b0 += w * B[j]!;
      b1 += w * B[j + 1]!;
      b2 += w * B[j + 2]!;
    }
    const a0 = alpha[k]!;
    const a1 = 1 - a0;
    const a00 = a0 * a0 + s;
    const a11 = a1 * a1 + s;
    const a01 = a0 * a1;
    const inv = 1 / (a00 * a11 - a01 * a01);
    const i = 3 * k;
    solveChannel(F, B, i, inv, a0, a1, a00, a11, a01, img[i]!, f0, b0);
    solveChannel(F, B, i + 1, inv, a0, a1, a00, a11, a01, img[i + 1]!, f1, b1);
    solveChannel(F, B, i + 2, inv, a0, a1, a00, a11, a01, img[i + 2]!, f2, b2);
  }
}

function solveChannel(
  F: Float32Array,
  B: Float32Array,
  i: number,
  inv: number,
  a0: number,
  a1: number,
  a00: number,
  a11: number,
  a01: number,
  v: number,
  fSum: number,
  bSum: number,
): void {
  const p0 = a0 * v + fSum;
  const p1 = a1 * v + bSum;
  F[i] = clip01(inv * (a11 * p0 - a01 * p1));
  B[i] = clip01(inv * (a00 * p1 - a01 * p0));
}

/** Sweeps over every pixel of a level (neighbours clamped at the border, as pymatting does). */
function sweepLevel(level: Level, iterations: number, opts: ForegroundOptions): void {
  const { w, h, alpha } = level;
  const neighbours = new Int32Array(4 * w * h);
  const weights = new Float32Array(4 * w * h);
  for (let y = 0, k = 0; y < h; y++) {
    for (let x = 0; x < w; x++, k++) {
      neighbours[4 * k] = x > 0 ? k - 1 : k;
      neighbours[4 * k + 1] = x < w - 1 ? k + 1 : k;
      neighbours[4 * k + 2] = y > 0 ? k - w : k;
      neighbours[4 * k + 3] = y < h - 1 ? k + w : k;
    }
  }
  setWeights(alpha, neighbours, weights, w * h, opts);
  const graph: Graph = { solved: w * h, alpha, img: level.img, neighbours, weights };
  for (let it = 0; it < iterations; it++) sweep(graph, level.F, level.B, false);
}

function setWeights(
  alpha: Float32Array,
  neighbours: Int32Array,
  weights: Float32Array,
  solved: number,
  opts: ForegroundOptions,
): void {
  for (let k = 0; k < solved; k++) {
    for (let d = 4 * k; d < 4 * k + 4; d++) {
      const da = Math.abs(alpha[k]! - alpha[neighbours[d]!]!);
      weights[d] = opts.regularization + opts.gradientWeight * da;
    }
  }
}

function writeColour(rgb: Uint8Array, o: number, F: Float32Array, f: number): void {
  rgb[o] = Math.round(F[f]! * 255);
  rgb[o + 1] = Math.round(F[f + 1]! * 255);
  rgb[o + 2] = Math.round(F[f + 2]! * 255);
}

/** Pixels within `reach` (square) of a fractional alpha, row-major. */
function edgePixels(alpha: Uint8Array, width: number, height: number, reach: number): Int32Array {
  const mark = new Uint8Array(width * height);
  let count = 0;
  for (let y = 0, p = 0; y < height; y++) {
    for (let x = 0; x < width; x++, p++) {
      if (alpha[p] === 0 || alpha[p] === 255) continue;
      for (let v = Math.max(0, y - reach); v <= Math.min(height - 1, y + reach); v++) {
        for (let u = Math.max(0, x - reach); u <= Math.min(width - 1, x + reach); u++) {
          const q = v * width + u;
          if (mark[q] === 0) count++;
          mark[q] = 1;
        }
      }
    }
  }
  const list = new Int32Array(count);
  for (let p = 0, k = 0; p < mark.length; p++) if (mark[p] === 1) list[k++] = p;
  return list;
}

/** What the edge solve needs to start F and B of a full-resolution pixel. */
interface Fixed {
  rgb: Uint8Array;
  alpha: Uint8Array;
  width: number;
  coarse: Level;
  xs: Int32Array;
  ys: Int32Array;
}

/**
 * Writes the starting F and B of pixel `p` to `F`, `B` at `o`: the photo's colour on the side
 * alpha puts it (F where alpha >= 0.5, else B), the coarse level's estimate on the other. For
 * pixels outside the edge set (alpha 0 or 1) these stay: they are the solution there.
 */
function fixedAt(fx: Fixed, p: number, F: Float32Array, B: Float32Array, o: number): void {
  const x = p % fx.width;
  const y = (p - x) / fx.width;
  const c = 3 * (fx.ys[y]! * fx.coarse.w + fx.xs[x]!);
  const opaque = fx.alpha[p]! >= 128;
  for (let k = 0; k < 3; k++) {
    const own = fx.rgb[3 * p + k]! / 255;
    F[o + k] = opaque ? own : fx.coarse.F[c + k]!;
    B[o + k] = opaque ? fx.coarse.B[c + k]! : own;
  }
}

/** The full-resolution level, solved only on the pixels near fractional alpha. */
function solveEdges(
  rgb: Uint8Array,
  alpha: Uint8Array,
  width: number,
  height: number,
  coarse: Level,
  opts: ForegroundOptions,
): void {
  const edge = edgePixels(alpha, width, height, opts.reach);
  const { graph, nodes } = edgeGraph(alpha, rgb, width, height, edge, opts);
  const fx: Fixed = {
    rgb,
    alpha,
    width,
    coarse,
    xs: nearest(width, coarse.w),
    ys: nearest(height, coarse.h),
  };
  const F = new Float32Array(nodes.length * 3);
  const B = new Float32Array(nodes.length * 3);
  for (let k = 0; k < nodes.length; k++) fixedAt(fx, nodes[k]!, F, B, 3 * k);
  for (let it = 0; it < opts.edgeIterations; it++) sweep(graph, F, B, it % 2 === 1);
  for (let k = 0; k < edge.length; k++) {
    const p = edge[k]!;
    if (alpha[p]! > 0 && alpha[p]! < 255) writeColour(rgb, 3 * p, F, 3 * k);
  }
}

/**
 * The graph of the edge solve: the edge pixels (solved, in row-major order) and then their
 * neighbours outside the set (fixed); `nodes` maps node numbers back to pixels.
 */
function edgeGraph(
  alpha8: Uint8Array,
  rgb: Uint8Array,
  width: number,
  height: number,
  edge: Int32Array,
  opts: ForegroundOptions,
): { graph: Graph; nodes: Int32Array } {
  const solved = edge.length;
  const slot = new Int32Array(width * height).fill(-1);
  for (let k = 0; k < solved; k++) slot[edge[k]!] = k;
  const neighbours = new Int32Array(4 * solved);
  const fixed: number[] = [];
  const around = new Int32Array(4);
  for (let k = 0; k < solved; k++) {
    const p = edge[k]!;
    const x = p % width;
    const y = (p - x) / width;
    around[0] = x > 0 ? p - 1 : p;
    around[1] = x < width - 1 ? p + 1 : p;
    around[2] = y > 0 ? p - width : p;
    around[3] = y < height - 1 ? p + width : p;
    for (let d = 0; d < 4; d++) {
      const j = around[d]!;
      if (slot[j]! < 0) {
        slot[j] = solved + fixed.length;
        fixed.push(j);
      }
      neighbours[4 * k + d] = slot[j]!;
    }
  }
  const nodes = new Int32Array(solved + fixed.length);
  nodes.set(edge);
  nodes.set(fixed, solved);
  const alpha = new Float32Array(nodes.length);
  for (let k = 0; k < nodes.length; k++) alpha[k] = alpha8[nodes[k]!]! / 255;
  const img = new Float32Array(3 * solved);
  for (let k = 0; k < solved; k++) {
    for (let c = 0; c < 3; c++) img[3 * k + c] = rgb[3 * edge[k]! + c]! / 255;
  }
  const weights = new Float32Array(4 * solved);
  setWeights(alpha, neighbours, weights, solved, opts);
  return { graph: { solved, alpha, img, neighbours, weights }, nodes };
}
