/**
 * Mattes for the frames between two segmented keyframes, so a clip need not go through the
 * model at every frame (at 30 fps, every other frame is enough: the model is most of a
 * clip's cost).
 *
 * A plain blend of the two keyframes' mattes would make a half-transparent ghost where the
 * person moved. The blend is guided by colour instead, per pixel: a pixel of the frame in
 * between that still looks as it did in the earlier keyframe takes that keyframe's matte,
 * one that already looks as it will in the later keyframe takes the later one, in
 * proportion where it is some of both, and where the picture did not change (beyond
 * noise) the mattes are blended by time. So the edge of a moving person follows the
 * pixels that moved with it.
 */

/** Colour difference (sum of |ΔR|, |ΔG|, |ΔB|) up to which two pixels count as alike. */
export const INTERPOLATION_NOISE = 6;

/**
 * The matte of frame `rgb` at time `t` (0..1) between keyframe `a` (at 0) and keyframe `b`
 * (at 1), from their frames and mattes. Packed RGB and one alpha byte per pixel, all of
 * one size.
 */
export function interpolateMatte(
  a: { rgb: Uint8Array; alpha: Uint8Array },
  b: { rgb: Uint8Array; alpha: Uint8Array },
  rgb: Uint8Array,
  t: number,
): Uint8Array {
  const n = a.alpha.length;
  if (b.alpha.length !== n || a.rgb.length !== n * 3 || b.rgb.length !== n * 3) {
    throw new RangeError('keyframes differ in size');
  }
  if (rgb.length !== n * 3) throw new RangeError(`frame has ${rgb.length} bytes, not ${n * 3}`);
  const out = new Uint8Array(n);
  const noise = INTERPOLATION_NOISE;
  const ar = a.rgb;
  const br = b.rgb;
  for (let p = 0, i = 0; p < n; p++, i += 3) {
    const fromA =
      Math.abs(rgb[i]! - ar[i]!) +
      Math.abs(rgb[i + 1]! - ar[i + 1]!) +
      Math.abs(rgb[i + 2]! - ar[i + 2]!);
    const fromB =
      Math.abs(rgb[i]! - br[i]!) +
      Math.abs(rgb[i + 1]! - br[i + 1]!) +
      Math.abs(rgb[i + 2]! - br[i + 2]!);
    // weight of b: toward the keyframe the pixel looks like (differences up to the noise
    // level do not count), t where it looks like neither more than the other
    const dA = fromA > noise ? fromA - noise : 0;
    const dB = fromB > noise ? fromB - noise : 0;
    const w = dA + dB === 0 ? t : dA / (dA + dB);
    const alphaA = a.alpha[p]!;
    out[p] = Math.round(alphaA + w * (b.alpha[p]! - alphaA));
  }
  return out;
}

/** The frames segmented by the model: every `step`-th from the first, and the last. */
export function keyframes(count: number, step: number): number[] {
  const s = Math.max(1, Math.floor(step));
  const keys: number[] = [];
  for (let i = 0; i < count; i += s) keys.push(i);
  if (count > 0 && keys[keys.length - 1] !== count - 1) keys.push(count - 1);
  return keys;
}

/**
 * Every frame's matte from the keyframes' (`keyMattes[k]` belongs to frame `keys[k]`, as
 * `keyframes` gives them): keyframes keep theirs, the frames between are interpolated.
 */
export function fillBetweenKeyframes(
  frames: readonly Uint8Array[],
  keys: readonly number[],
  keyMattes: readonly Uint8Array[],
): Uint8Array[] {
  if (frames.length === 0 && keys.length === 0) return [];
  if (keys.length !== keyMattes.length || keys[0] !== 0 || keys.at(-1) !== frames.length - 1) {
    throw new RangeError('keyframes must start at the first frame and end at the last');
  }
  const out: Uint8Array[] = [];
  for (let k = 0; k < keys.length; k++) {
    const i = keys[k]!;
    out[i] = keyMattes[k]!;
    if (k === 0) continue;
    const j = keys[k - 1]!;
    const a = { rgb: frames[j]!, alpha: keyMattes[k - 1]! };
    const b = { rgb: frames[i]!, alpha: keyMattes[k]! };
    for (let m = j + 1; m < i; m++) out[m] = interpolateMatte(a, b, frames[m]!, (m - j) / (i - j));
  }
  return out;
}
