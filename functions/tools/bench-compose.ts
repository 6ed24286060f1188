/**
 * CLI: what a caption costs in `composeSticker` (the step after the cut-out).
 *
 *   tsx functions/tools/bench-compose.ts [--dataset DIR] [--limit N] [--rounds R]
 *
 * Takes the photos of a labelled set (default ../shared/eval/portraits-dev next to the
 * repository) with their ground-truth masks as the matte, decoded as the matting
 * function decodes them (longest side 1024), so no model is needed; then composes each
 * sticker without a caption and with a short, a two-line and a long (truncated)
 * caption, after one warm-up. Prints one line per variant, then all figures as one JSON
 * object on the last line.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { EVAL_DIR } from '../../shared/testing';
import { composeSticker, DEFAULT_OUTLINE_PX } from '../matting/compose';
import { decodeImage } from '../matting/decode';

const WORKING_SIZE = 1024;

const VARIANTS: Record<string, string | undefined> = {
  none: undefined,
  short: 'Hola! 😀',
  two_lines: 'Привет, как дела? Good morning!',
  long: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(18),
};

interface Scene {
  rgb: Buffer;
  alpha: Uint8Array;
  width: number;
  height: number;
}

async function loadScenes(dir: string, limit: number): Promise<Scene[]> {
  const files = (await readdir(dir, { recursive: true })).filter((f) => /\d+\.jpe?g$/i.test(f));
  const scenes: Scene[] = [];
  for (const rel of files.sort().slice(0, limit)) {
    const img = await decodeImage(await readFile(path.join(dir, rel)), { maxSide: WORKING_SIZE });
    const maskFile = path.join(dir, rel.replace(/\.jpe?g$/i, '.mask.png'));
    const alpha = await sharp(await readFile(maskFile))
      .removeAlpha()
      .toColourspace('b-w')
      .resize(img.width, img.height, { fit: 'fill' })
      .raw()
      .toBuffer();
    scenes.push({ rgb: img.rgb, alpha, width: img.width, height: img.height });
  }
  return scenes;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dataset: { type: 'string', default: EVAL_DIR },
      limit: { type: 'string', default: '20' },
      rounds: { type: 'string', default: '1' },
    },
  });
  const scenes = await loadScenes(path.resolve(values.dataset), Number(values.limit));
  if (scenes.length === 0) throw new Error(`no photos with masks in ${values.dataset}`);
  const compose = (s: Scene, caption: string | undefined) =>
    composeSticker(s.rgb, s.alpha, s.width, s.height, { outline: DEFAULT_OUTLINE_PX, caption });
  for (const caption of Object.values(VARIANTS)) await compose(scenes[0]!, caption); // warm-up

  const summary: Record<string, { p50_ms: number; p95_ms: number; kb: number }> = {};
  for (const [name, caption] of Object.entries(VARIANTS)) {
    const ms: number[] = [];
    let bytes = 0;
    for (let r = 0; r < Number(values.rounds); r++) {
      for (const s of scenes) {
        const started = performance.now();
        const sticker = await compose(s, caption);
        ms.push(performance.now() - started);
        bytes += sticker.webp.length;
      }
    }
    ms.sort((a, b) => a - b);
    const row = {
      p50_ms: Math.round(percentile(ms, 0.5)),
      p95_ms: Math.round(percentile(ms, 0.95)),
      kb: Math.round(bytes / ms.length / 1024),
    };
    summary[name] = row;
    console.log(`${name.padEnd(10)} p50 ${row.p50_ms} ms  p95 ${row.p95_ms} ms  ${row.kb} KB`);
  }
  console.log(JSON.stringify({ images: scenes.length, ...summary }));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
