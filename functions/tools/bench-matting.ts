/**
 * CLI: cut-out quality and latency on a labelled portrait set.
 *
 *   tsx functions/tools/bench-matting.ts [--dataset DIR] [--pipeline JSON] [--verbose]
 *
 * DIR (default ../shared/eval/portraits-dev next to the repository) holds `NNN.jpg|png` with
 * `NNN.mask.png`, in subfolders (sets). Each photo goes through `cutoutImage`, the matting
 * function's own path; latency is encoded bytes in memory -> alpha at input resolution (decode
 * included, model load and file reads excluded, after one warm-up run). Prints one line per set,
 * then the overall figures as one JSON object on the last line. `--pipeline` overrides
 * SegmentOptions (e.g. '{"refine":true}') to compare variants; without it the production
 * defaults run.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { loadConfig } from '../../shared/config';
import { EVAL_DIR } from '../../shared/testing';
import { type SegmentOptions, createSegmenter } from '../matting/segment';
import { backendSetting } from '../matting/backend-setting';
import { cutoutImage } from '../matting/cutout-core';

const PHOTO = /^(\d+)\.(jpe?g|png)$/i;

interface Sample {
  set: string;
  name: string;
  photo: Buffer;
  mask: Uint8Array;
  width: number;
  height: number;
}

interface Result {
  set: string;
  name: string;
  iou: number;
  mae: number;
  ms: number;
}

/** Summary figures, as printed; `images` is the count, the rest are means or percentiles. */
export interface Summary {
  images: number;
  iou: number;
  mae: number;
  p50_ms: number;
  p95_ms: number;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dataset: { type: 'string', default: EVAL_DIR },
      pipeline: { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const dir = path.resolve(values.dataset);
  const samples = await loadSamples(dir);
  const pipeline = JSON.parse(values.pipeline ?? '{}') as SegmentOptions;

  const loadStarted = performance.now();
  const { TFJS_BACKEND } = loadConfig({ TFJS_BACKEND: backendSetting });
  const segmenter = await createSegmenter({ pipeline, backend: TFJS_BACKEND });
  const loadMs = performance.now() - loadStarted;
  const first = samples[0];
  if (first !== undefined) await cutoutImage(first.photo, segmenter); // warm-up

  const results: Result[] = [];
  for (const s of samples) {
    const started = performance.now();
    const { alpha } = await cutoutImage(s.photo, segmenter);
    const ms = performance.now() - started;
    results.push({ set: s.set, name: s.name, ms, ...score(alpha, s.mask) });
    if (values.verbose) {
      const r = results[results.length - 1];
      console.log(`  ${s.set}/${s.name} iou ${r?.iou.toFixed(4)} ${ms.toFixed(0)} ms`);
    }
  }
  segmenter.dispose();

  console.log(
    `dataset ${dir}; backend ${segmenter.backend}; model load ${loadMs.toFixed(0)} ms; ` +
      `pipeline ${JSON.stringify(pipeline)}`,
  );
  for (const set of [...new Set(results.map((r) => r.set))].sort()) {
    const s = summarise(results.filter((r) => r.set === set));
    console.log(
      `set ${set}: images ${s.images}, iou ${s.iou}, mae ${s.mae}, ` +
        `p50 ${s.p50_ms} ms, p95 ${s.p95_ms} ms`,
    );
  }
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify({ ...summarise(results), peak_rss_mb: peakRssMb }));
}

/** Finds every photo with a mask under `dir`, decoding the masks (not timed). */
async function loadSamples(dir: string): Promise<Sample[]> {
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) {
    throw new Error(`dataset folder not found: ${dir}`);
  }
  const files = (await readdir(dir, { recursive: true })).sort();
  const samples: Sample[] = [];
  for (const rel of files) {
    const match = PHOTO.exec(path.basename(rel));
    if (match === null) continue;
    const maskPath = path.join(dir, path.dirname(rel), `${match[1]}.mask.png`);
    const mask = await readFile(maskPath).catch(() => undefined);
    if (mask === undefined) continue;
    const { data, info: m } = await sharp(mask)
      .removeAlpha()
      .toColourspace('b-w')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const set = path.dirname(rel) === '.' ? path.basename(dir) : path.dirname(rel);
    samples.push({
      set,
      name: path.basename(rel),
      photo: await readFile(path.join(dir, rel)),
      mask: data,
      width: m.width,
      height: m.height,
    });
  }
  if (samples.length === 0) {
    throw new Error(`no NNN.jpg|png with NNN.mask.png found under ${dir}`);
  }
  return samples;
}

/** IoU of alpha >= 128 against mask >= 128, and mean |alpha/255 - mask01|. */
function score(alpha: Uint8Array, mask: Uint8Array): { iou: number; mae: number } {
  if (alpha.length !== mask.length) {
    throw new Error(`matte has ${alpha.length} pixels but mask has ${mask.length}`);
  }
  let inter = 0;
  let union = 0;
  let err = 0;
  for (let i = 0; i < alpha.length; i++) {
    const a = alpha[i] ?? 0;
    const person = (mask[i] ?? 0) >= 128;
    const predicted = a >= 128;
    if (person && predicted) inter++;
    if (person || predicted) union++;
    err += Math.abs(a / 255 - (person ? 1 : 0));
  }
  return { iou: union === 0 ? 1 : inter / union, mae: err / alpha.length };
}

function summarise(results: Result[]): Summary {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const pct = (p: number) => ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)] ?? 0;
  return {
    images: results.length,
    iou: round(mean(results.map((r) => r.iou)), 4),
    mae: round(mean(results.map((r) => r.mae)), 4),
    p50_ms: round(pct(50), 1),
    p95_ms: round(pct(95), 1),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
