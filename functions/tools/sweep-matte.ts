/**
 * CLI: the sweep behind matte.ts's defaults.
 *
 *   tsx functions/tools/sweep-matte.ts [--dataset DIR]
 *
 * Segments every photo of the labelled set once (and its person on the two plain backgrounds of
 * the fringe figure), moves each map to the photo's colours (colour-reclassify.ts, as the matting
 * function does), then redraws the matte with each setting, one parameter at a time around
 * the defaults and in both directions, and scores it as bench:matting does (matte-metrics.ts;
 * the fringe with foreground.ts's colours). Prints a Markdown table, one row per setting, the
 * model's own map first.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../shared/config';
import { EVAL_DIR } from '../../shared/testing';
import { backendSetting } from '../matting/backend-setting';
import { cutoutImage, decodeRaw } from '../matting/cutout-core';
import { reclassifyByColour } from '../matting/colour-reclassify';
import { estimateForeground } from '../matting/foreground';
import { MATTE_DEFAULTS, type MatteOptions, refineMatte } from '../matting/matte';
import { createSegmenter } from '../matting/segment';
import { FRINGE_BACKGROUNDS, type Sample, loadSamples } from './eval-set';
import { compositeOnto, fringe, scoreMatte } from './matte-metrics';
import sharp from 'sharp';

/**
 * One photo segmented once: its map as the model gives it and as colour-reclassify.ts moves it,
 * and the same for its person on each plain background.
 */
interface Segmented extends Maps {
  sample: Sample;
  photo: Uint8Array;
  /** the person on each plain background: its pixels and maps */
  scenes: (Maps & { rgb: Buffer })[];
}

interface Maps {
  map: Uint8Array;
  moved: Uint8Array;
}

const SETTINGS: Partial<MatteOptions>[] = [
  ...[0.75, 1, 2, 3].map((edgePx) => ({ edgePx })),
  ...[0.45, 0.55].map((level) => ({ level })),
  ...[0.5, 1.5].map((minEdge) => ({ minEdge })),
];

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { dataset: { type: 'string', default: EVAL_DIR } },
  });
  const samples = await loadSamples(path.resolve(values.dataset));
  const { TFJS_BACKEND } = loadConfig({ TFJS_BACKEND: backendSetting });
  const segmenter = await createSegmenter({ backend: TFJS_BACKEND });
  const segmented: Segmented[] = [];
  for (const sample of samples) {
    const { width, height } = sample;
    const photo = (await decodeRaw(sample.photo)).data;
    const map = (await cutoutImage(sample.photo, segmenter, { raw: true })).alpha;
    const scenes: Segmented['scenes'] = [];
    for (const colour of FRINGE_BACKGROUNDS) {
      const scene = compositeOnto(photo, sample.mask, colour);
      const png = await sharp(scene, {
        raw: { width, height, channels: 3 },
      })
        .png({ compressionLevel: 1 })
        .toBuffer();
      const { rgb, alpha } = await cutoutImage(png, segmenter, { raw: true });
      scenes.push({ rgb, map: alpha, moved: reclassifyByColour(alpha, rgb, width, height) });
    }
    const moved = reclassifyByColour(map, photo, width, height);
    segmented.push({ sample, photo, map, moved, scenes });
  }
  segmenter.dispose();
  console.log(
    `| edgePx | level | minEdge | IoU | MAE | ghost | soft | boundary F | fringe | fringe_all |`,
  );
  console.log(`|---|---|---|---|---|---|---|---|---|---|`);
  console.log(row('model map (raw) | — | —', score(segmented, undefined)));
  for (const setting of SETTINGS) {
    const opts = { ...MATTE_DEFAULTS, ...setting };
    const label = `${opts.edgePx} | ${opts.level} | ${opts.minEdge}`;
    console.log(row(label, score(segmented, opts)));
  }
  const d = MATTE_DEFAULTS;
  console.log(
    row(`**${d.edgePx}** | **${d.level}** | **${d.minEdge}** (default)`, score(segmented, d)),
  );
}

type Figures = Record<
  'iou' | 'mae' | 'ghost' | 'soft' | 'boundaryF' | 'fringe' | 'fringeAll',
  number
>;

/** Mean figures over the set with matte options `opts` (undefined: the map as it is). */
function score(segmented: Segmented[], opts: MatteOptions | undefined): Figures {
  const sum: Figures = { iou: 0, mae: 0, ghost: 0, soft: 0, boundaryF: 0, fringe: 0, fringeAll: 0 };
  for (const { sample, photo, map, moved, scenes } of segmented) {
    const { width, height, mask } = sample;
    const alpha = opts ? refineMatte(moved, width, height, opts) : map;
    const s = scoreMatte(alpha, mask, width, height);
    sum.iou += s.iou;
    sum.mae += s.mae;
    sum.ghost += s.ghost;
    sum.soft += s.soft;
    sum.boundaryF += s.boundaryF;
    for (const scene of scenes) {
      const out = { rgb: Buffer.from(scene.rgb), alpha: scene.map };
      if (opts) {
        out.alpha = refineMatte(scene.moved, width, height, opts);
        estimateForeground(out.rgb, out.alpha, width, height);
      }
      const f = fringe(out, photo, mask, width, height);
      sum.fringe += f.translucent / scenes.length;
      sum.fringeAll += f.all / scenes.length;
    }
  }
  const n = Math.max(1, segmented.length);
  return {
    iou: sum.iou / n,
    mae: sum.mae / n,
    ghost: sum.ghost / n,
    soft: sum.soft / n,
    boundaryF: sum.boundaryF / n,
    fringe: sum.fringe / n,
    fringeAll: sum.fringeAll / n,
  };
}

function row(label: string, f: Figures): string {
  return (
    `| ${label} | ${f.iou.toFixed(4)} | ${f.mae.toFixed(4)} | ${(f.ghost * 100).toFixed(2)}% | ` +
    `${(f.soft * 100).toFixed(2)}% | ${f.boundaryF.toFixed(4)} | ${f.fringe.toFixed(2)} | ${f.fringeAll.toFixed(2)} |`
  );
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`sweep: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
