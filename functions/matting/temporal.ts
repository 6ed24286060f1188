/**
 * Temporal smoothing of a clip's mattes, so the sticker's edge does not flicker.
 *
 * The model sees every frame on its own, so where it is unsure (hair, a hand against a
 * busy background) its answer jumps a little from frame to frame even when nothing moved.
 * An exponential moving average of the matte removes that, but a plain one also drags
 * the edge behind a moving person. The weight is therefore motion-adaptive per pixel:
 * where the picture itself changed since the previous frame (colour difference), the new
 * matte is taken almost as is; where the picture stood still, the matte is averaged.
 */

export interface SmoothingOptions {
  /** weight of the new matte where the picture did not change (0..1; 1 = no smoothing) */
  stillWeight: number;
  /** colour change (mean of |ΔR|, |ΔG|, |ΔB|, 0..255) at which the new matte is taken as is */
  motionFull: number;
}

/** Tuned with `npm run bench:video` (functions/README.md, "Moving stickers"). */
export const DEFAULT_SMOOTHING: SmoothingOptions = { stillWeight: 0.4, motionFull: 24 };

/**
 * Returns a function that takes each frame (packed RGB) and its raw matte in order and
 * returns the smoothed matte (a new array; the first frame's matte is returned as is).
 */
export function createTemporalSmoother(
  width: number,
  height: number,
  opts: SmoothingOptions = DEFAULT_SMOOTHING,
): (rgb: Uint8Array, alpha: Uint8Array) => Uint8Array {
  const n = width * height;
  const state = new Float32Array(n);
  let previous: Uint8Array | undefined;
  const still = Math.min(1, Math.max(0, opts.stillWeight));
  const gain = (1 - still) / Math.max(1, opts.motionFull * 3);
  return (rgb, alpha) => {
    if (rgb.length !== n * 3 || alpha.length !== n) {
      throw new RangeError(
        `frame is not ${width}x${height} (rgb ${rgb.length}, alpha ${alpha.length})`,
      );
    }
    const out = new Uint8Array(n);
    if (previous === undefined) {
      state.set(alpha);
      out.set(alpha);
    } else {
      const prev = previous;
      for (let p = 0, i = 0; p < n; p++, i += 3) {
        const motion =
          Math.abs(rgb[i]! - prev[i]!) +
          Math.abs(rgb[i + 1]! - prev[i + 1]!) +
          Math.abs(rgb[i + 2]! - prev[i + 2]!);
        const w = Math.min(1, still + motion * gain);
        const s = state[p]! + w * (alpha[p]! - state[p]!);
        state[p] = s;
        out[p] = Math.round(s);
      }
    }
    previous = Uint8Array.from(rgb);
    return out;
  };
}
