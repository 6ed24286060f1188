/**
 * CLI: the cost of the worst clip matting accepts (shared/limits.ts: MAX_CLIP_SIDE px on the
 * longer side, MAX_CLIP_FPS, longer than a sticker), a portrait panned in FFmpeg, run
 * through makeClipSticker, the function's own path. Prints CPU ms (this process and FFmpeg),
 * wall ms, the stage timings and this process's peak RSS as one JSON line.
 *
 *   npx tsx functions/tools/bench-clip-worst.ts [--photo FILE.jpg]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../shared/config';
import { MAX_CLIP_FPS, MAX_CLIP_SIDE } from '../../shared/limits';
import { evalPath } from '../../shared/testing';
import { backendSetting } from '../matting/backend-setting';
import { makeClipSticker } from '../matting/make-clip-sticker';
import { createSegmenter } from '../matting/segment';
import { readOutput, runFfmpeg, withTempDir } from '../matting/ffmpeg';

function childCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) * 10;
}

/** The photo as a 3.5 s H.264 clip at the largest size and rate accepted, panning (FFmpeg only). */
async function worstClip(photo: string): Promise<Buffer> {
  const side = MAX_CLIP_SIDE;
  const short = Math.round((side * 9) / 16 / 2) * 2;
  return withTempDir(async (dir) => {
    const { code, stderr } = await runFfmpeg([
      ...['-loop', '1', '-framerate', String(MAX_CLIP_FPS), '-i', photo, '-t', '3.5'],
      ...[
        '-vf',
        `scale=${Math.round(short * 1.2)}:${Math.round(side * 1.2)},crop=${short}:${side}:'(iw-ow)/2*(1+sin(t*3))':'(ih-oh)/2'`,
      ],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p'],
      `${dir}/worst.mp4`,
    ]);
    if (code !== 0) throw new Error(stderr);
    return readOutput(dir, 'worst.mp4');
  });
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { photo: { type: 'string' } } });
  const photo = values.photo ?? evalPath('ccp', '001.jpg');
  const mp4 = await worstClip(photo);
  const { TFJS_BACKEND } = loadConfig({ TFJS_BACKEND: backendSetting });
  const segmenter = await createSegmenter({ backend: TFJS_BACKEND });
  const cpu0 = process.cpuUsage();
  const child0 = childCpuMs();
  const wall0 = performance.now();
  const sticker = await makeClipSticker(mp4, () => Promise.resolve(segmenter), { outline: 8 });
  const self = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({
      source: `${sticker.info.width}x${sticker.info.height} ${sticker.info.fps} fps ${sticker.info.durationSeconds} s, ${Math.round(mp4.length / 1024)} KB`,
      frames: sticker.frames,
      kb: Math.round(sticker.webm.length / 1024),
      crf: sticker.crf,
      cpu_ms: Math.round((self.user + self.system) / 1000 + childCpuMs() - child0),
      ffmpeg_cpu_ms: childCpuMs() - child0,
      wall_ms: Math.round(performance.now() - wall0),
      timings_wall_ms: sticker.timings,
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
  segmenter.dispose();
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
