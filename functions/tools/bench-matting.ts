/**
 * CLI: cut-out quality and latency on a labelled portrait set.
 *
 *   tsx functions/tools/bench-matting.ts [--dataset DIR] [--pipeline JSON] [--raw] [--verbose]
 *
 * DIR (default ../shared/eval/portraits-dev next to the repository) holds `NNN.jpg|png` with
 * `NNN.mask.png`, in subfolders (sets). Each photo goes through `cutoutImage`, the matting
 * function's own path; latency is encoded bytes in memory -> alpha at input resolution (decode
 * included, model load and file reads excluded, after one warm-up run; CPU time of the process
 * over the same span too). Prints one line per set,
 * then the overall figures as one JSON object on the last line. `--pipeline` overrides
 * SegmentOptions (e.g. '{"refine":true}') to compare variants; without it the production
 * defaults run. `--raw` scores the model's map as the matte, without the refined matte and edge
 * colours (the figures before matte.ts and foreground.ts).
 *
 * Besides IoU and MAE it scores what a person sees (see matte-metrics.ts): `ghost` and `soft`
 * (shares of pixels), `boundary_f` (outline F-score at 2 px), `fringe` and `fringe_all`: each person, cut out
 * by its mask, is put on two plain backgrounds (FRINGE_BACKGROUNDS) and run through the same
 * path again, untimed; the edge pixels' colours are compared with the person's (0..255).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { loadConfig } from '../../shared/config';
import { EVAL_DIR } from '../../shared/testing';
import { type SegmentOptions, createSegmenter } from '../matting/segment';
import { backendSetting } from '../matting/backend-setting';
import { type PersonSegmenter, cutoutImage, decodeRaw } from '../matting/cutout-core';
import { FRINGE_BACKGROUNDS, type Sample, loadSamples } from './eval-set';
import { compositeOnto, fringe, scoreMatte } from './matte-metrics';

interface Result {
  set: string;
  name: string;
  iou: number;
  mae: number;
  ghost: number;
  soft: number;
  boundaryF: number;
  fringe: number;
  fringeAll: number;
  ms: number;
  /** CPU time of the process (all threads) during `ms` */
  cpuMs: number;
  /** the matte and edge colours step alone (part of `ms`) */
  matteMs: number;
}

/** Summary figures, as printed; `images` is the count, the rest are means or percentiles. */
export interface Summary {
  images: number;
  iou: number;
  mae: number;
  ghost: number;
  soft: number;
  boundary_f: number;
  fringe: number;
  fringe_all: number;
  p50_ms: number;
  p95_ms: number;
  /** p50 of the process's CPU time per photo (all threads), same span as p50_ms */
  cpu_p50_ms: number;
  /** p50 of the matte and edge colours step alone (matte.ts, foreground.ts), within p50_ms */
  matte_p50_ms: number;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dataset: { type: 'string', default: EVAL_DIR },
      pipeline: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      raw: { type: 'boolean', default: false },
    },
  });
  const raw = values.raw;
  const dir = path.resolve(values.dataset);
  const samples = await loadSamples(dir);
  const pipeline = JSON.parse(values.pipeline ?? '{}') as SegmentOptions;

  const loadStarted = performance.now();
  const { TFJS_BACKEND } = loadConfig({ TFJS_BACKEND: backendSetting });
  const segmenter = await createSegmenter({ pipeline, backend: TFJS_BACKEND });
  const loadMs = performance.now() - loadStarted;
  const first = samples[0];
  if (first !== undefined) await cutoutImage(first.photo, segmenter, { raw }); // warm-up

  const results: Result[] = [];
  for (const s of samples) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const { alpha, timings } = await cutoutImage(s.photo, segmenter, { raw });
    const ms = performance.now() - started;
    const { user, system } = process.cpuUsage(cpu);
    const scores = scoreMatte(alpha, s.mask, s.width, s.height);
    const r = {
      set: s.set,
      name: s.name,
      ms,
      cpuMs: (user + system) / 1000,
      matteMs: timings.matteMs,
      ...scores,
      ...(await fringeOf(s, segmenter, raw)),
    };
    results.push(r);
    if (values.verbose) {
      console.log(`  ${s.set}/${s.name} iou ${r.iou.toFixed(4)} ${ms.toFixed(0)} ms`);
    }
  }
  segmenter.dispose();

  console.log(
    `dataset ${dir}; backend ${segmenter.backend}; model load ${loadMs.toFixed(0)} ms; ` +
      `pipeline ${JSON.stringify(pipeline)}${raw ? '; raw matte' : ''}`,
  );
  for (const set of [...new Set(results.map((r) => r.set))].sort()) {
    const s = summarise(results.filter((r) => r.set === set));
    console.log(
      `set ${set}: images ${s.images}, iou ${s.iou}, mae ${s.mae}, ` +
        `ghost ${(s.ghost * 100).toFixed(2)}%, soft ${(s.soft * 100).toFixed(2)}%, ` +
        `boundary F ${s.boundary_f}, fringe ${s.fringe} (all ${s.fringe_all}), p50 ${s.p50_ms} ms ` +
        `(matte ${s.matte_p50_ms} ms), p95 ${s.p95_ms} ms, CPU p50 ${s.cpu_p50_ms} ms`,
    );
  }
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify({ ...summarise(results), peak_rss_mb: peakRssMb }));
}

/**
 * The fringe figures of one sample: its person on each plain background, through the same path
 * (untimed), scored against the photo's own colours; the means over the backgrounds.
 */
async function fringeOf(
  s: Sample,
  segmenter: PersonSegmenter,
  raw: boolean,
): Promise<{ fringe: number; fringeAll: number }> {
  const photo = await decodeRaw(s.photo);
  let translucent = 0;
  let all = 0;
  for (const colour of FRINGE_BACKGROUNDS) {
    const scene = compositeOnto(photo.data, s.mask, colour);
    const png = await sharp(scene, { raw: { width: s.width, height: s.height, channels: 3 } })
      .png({ compressionLevel: 1 })
      .toBuffer();
    const out = await cutoutImage(png, segmenter, { raw });
    const f = fringe(out, photo.data, s.mask, s.width, s.height);
    translucent += f.translucent / FRINGE_BACKGROUNDS.length;
    all += f.all / FRINGE_BACKGROUNDS.length;
  }
  return { fringe: translucent, fringeAll: all };
}

function summarise(results: Result[]): Summary {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const pct = (p: number) => ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)] ?? 0;
  return {
    images: results.length,
    iou: round(mean(results.map((r) => r.iou)), 4),
    mae: round(mean(results.map((r) => r.mae)), 4),
    ghost: round(mean(results.map((r) => r.ghost)), 5),
    soft: round(mean(results.map((r) => r.soft)), 5),
    boundary_f: round(mean(results.map((r) => r.boundaryF)), 4),
    fringe: round(mean(results.map((r) => r.fringe)), 2),
    fringe_all: round(mean(results.map((r) => r.fringeAll)), 2),
    p50_ms: round(pct(50), 1),
    p95_ms: round(pct(95), 1),
    cpu_p50_ms: round(median(results.map((r) => r.cpuMs)), 1),
    matte_p50_ms: median(results.map((r) => r.matteMs)),
  };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length / 2) - 1)] ?? 0;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
