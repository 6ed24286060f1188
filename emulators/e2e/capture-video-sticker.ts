/**
 * Captures a video sticker playing on the chat page, for the README: starts the local
 * stack, opens the chat page in Debian's Chromium (playwright-core), sends a 3 s clip of
 * NASA's public-domain astronaut portrait through the file picker as a video, waits for
 * the bot's video sticker and records it playing over the chat background as a GIF (and
 * one frame as a PNG).
 *
 *   npm run build && npx tsx emulators/e2e/capture-video-sticker.ts [--out FILE.gif]
 *
 * Default output: docs/pictures/video-sticker.gif (+ .png beside it).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { ROOT } from '../stack/functions';
import { startStack } from '../stack/stack';
import { runFfmpeg } from '../telegram/video';
import { makePersonClip } from './clips';

const CHROMIUM = '/usr/bin/chromium';
const VIEWPORT = { width: 720, height: 640 };
/** Frames recorded, and the pause between them: 3 s of the sticker at 10 fps. */
const FRAMES = 30;
const FRAME_MS = 100;
const STICKER = 'li.msg.bot video.sticker';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: {
        type: 'string',
        default: path.join(ROOT, 'docs', 'pictures', 'video-sticker.gif'),
      },
    },
  });
  const out = path.resolve(values.out);
  const work = await mkdtemp(path.join(tmpdir(), 'capture-video-sticker-'));
  const clipFile = path.join(work, 'wave.mp4');
  await writeFile(clipFile, await makePersonClip('video', 3));
  const [stack, browser] = await Promise.all([
    startStack(),
    chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--autoplay-policy=no-user-gesture-required',
      ],
    }),
  ]);
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(`${stack.telegram!.chatPageUrl}?user=424243&name=Ada`);
    await sendClip(page, clipFile);
    const frames = await recordSticker(page, work);
    await encodeGif(work, frames, out);
    console.log(`wrote ${out} and ${out.replace(/\.gif$/, '.png')}`);
  } finally {
    await browser.close();
    await stack.stop();
    await rm(work, { recursive: true, force: true });
  }
}

/** Picks the clip in the page's file picker and sends it as a video. */
async function sendClip(page: Page, file: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Attach a photo or video' }).click();
  await (await chooser).setFiles(file);
  await page.getByRole('dialog').waitFor();
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

/** Waits for the sticker to play, then screenshots the chat around it, frame by frame. */
async function recordSticker(page: Page, dir: string): Promise<number> {
  const sticker = page.locator(STICKER);
  await sticker.waitFor({ timeout: 240_000 });
  await page.waitForFunction(
    `(() => { const v = document.querySelector('${STICKER}'); return v && v.readyState >= 3 && !v.paused; })()`,
    undefined,
    { timeout: 30_000 },
  );
  await sticker.scrollIntoViewIfNeeded();
  const box = await page.locator('li.msg.bot.kind-sticker').boundingBox();
  if (!box) throw new Error('the sticker is not on screen');
  const clip = {
    x: 0,
    y: Math.max(0, box.y - 40),
    width: VIEWPORT.width,
    height: Math.min(VIEWPORT.height - Math.max(0, box.y - 40), box.height + 80),
  };
  for (let i = 0; i < FRAMES; i++) {
    const started = Date.now();
    await page.screenshot({ clip, path: path.join(dir, `f${String(i).padStart(3, '0')}.png`) });
    await page.waitForTimeout(Math.max(0, FRAME_MS - (Date.now() - started)));
  }
  return FRAMES;
}

/** The frames as a looping GIF with one palette, and the middle frame as a PNG. */
async function encodeGif(dir: string, frames: number, out: string): Promise<void> {
  const input = ['-framerate', String(1000 / FRAME_MS), '-i', path.join(dir, 'f%03d.png')];
  const gif = await runFfmpeg(
    [
      '-y',
      ...input,
      '-filter_complex',
      'split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=bayer:bayer_scale=4',
      '-loop',
      '0',
      out,
    ],
    undefined,
  );
  if (gif.code !== 0) throw new Error(`FFmpeg could not make the GIF: ${gif.stderr}`);
  const middle = path.join(dir, `f${String(Math.floor(frames / 2)).padStart(3, '0')}.png`);
  const png = await runFfmpeg(['-y', '-i', middle, out.replace(/\.gif$/, '.png')], undefined);
  if (png.code !== 0) throw new Error(`FFmpeg could not copy the frame: ${png.stderr}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
