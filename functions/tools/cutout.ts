/**
 * CLI: cut the person out of one photo.
 *
 *   tsx functions/tools/cutout.ts IN OUT.png
 *
 * Writes an RGBA PNG the size of IN (after EXIF orientation) whose alpha is the matte, through
 * the same `cutoutImage` the matting function uses.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { loadConfig } from '../../shared/config';
import { createSegmenter } from '../matting/segment';
import { backendSetting } from '../matting/backend-setting';
import { cutoutImage, encodePng } from '../matting/cutout-core';

async function main(argv: string[]): Promise<void> {
  const [input, output] = argv;
  if (input === undefined || output === undefined || argv.length !== 2) {
    throw new Error('usage: tsx functions/tools/cutout.ts IN OUT.png');
  }
  const photo = await readFile(input);
  const { TFJS_BACKEND } = loadConfig({ TFJS_BACKEND: backendSetting });
  const segmenter = await createSegmenter({ backend: TFJS_BACKEND });
  const started = performance.now();
  const cutout = await cutoutImage(photo, segmenter);
  const ms = performance.now() - started;
  await writeFile(output, await encodePng(cutout));
  segmenter.dispose();
  console.log(
    `${output}: ${cutout.width}x${cutout.height}, ${ms.toFixed(0)} ms, backend ${segmenter.backend}`,
  );
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
