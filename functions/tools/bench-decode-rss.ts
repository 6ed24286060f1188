/**
 * CLI: peak RSS of decoding the heaviest inputs matting accepts, against its 1 GiB.
 *
 *   npm run bench:decode [-- --megapixels 50] [--full]
 *
 * Makes each input once into a temporary folder (a 50 MP interlaced 16-bit PNG, a 50 MP
 * progressive JPEG, a 50 MP baseline JPEG and a 12 MP photo-sized JPEG for comparison,
 * all smooth so that they stay within Telegram's 20 MB download), then decodes each in a
 * fresh Node process exactly as matting does (decodeImage, longest side 1024) and reads
 * that process's VmHWM from /proc: the idle figure after loading sharp and the file, and
 * the peak after decoding; `--full` makes the whole sticker with the real model instead
 * (matting's own peak). A benchmark: it prints figures and asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';

const WORKING_SIZE = 1024;

interface Input {
  name: string;
  make: (w: number, h: number) => sharp.Sharp;
  /** megapixels; the default is the --megapixels option */
  megapixels?: number;
}

/** A smooth picture (a diagonal gradient), so a 50 MP file stays within 20 MB. */
function smooth(w: number, h: number): sharp.Sharp {
  const small = 64;
  const px = Buffer.alloc(small * small * 3);
  for (let y = 0; y < small; y++)
    for (let x = 0; x < small; x++) px.set([x * 4, y * 4, (x + y) * 2], (y * small + x) * 3);
  return sharp(px, { raw: { width: small, height: small, channels: 3 } }).resize(w, h, {
    kernel: 'linear',
  });
}

const INPUTS: Input[] = [
  {
    name: 'interlaced 16-bit PNG',
    make: (w, h) => smooth(w, h).toColourspace('rgb16').png({ progressive: true }),
  },
  { name: 'progressive JPEG', make: (w, h) => smooth(w, h).jpeg({ progressive: true }) },
  { name: 'baseline JPEG', make: (w, h) => smooth(w, h).jpeg() },
  { name: 'baseline JPEG', make: (w, h) => smooth(w, h).jpeg(), megapixels: 12 },
];

/** VmHWM (peak resident set) of this process, in MiB. */
function peakRssMib(): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return Math.round(Number(kb) / 102.4) / 10;
}

/**
 * The child: decode one file as matting does, print its figures as JSON. With `full`,
 * the whole sticker is made with the real model (loaded first, as a warm instance has
 * it), so the peak is the matting function's own.
 */
async function child(file: string, full: boolean): Promise<void> {
  const { decodeImage } = await import('../matting/decode.js');
  const data = readFileSync(file);
  let work: () => Promise<unknown> = () => decodeImage(data, { maxSide: WORKING_SIZE });
  if (full) {
    const [{ createSegmenter }, { makeSticker }] = await Promise.all([
      import('../matting/segment.js'),
      import('../matting/make-sticker.js'),
    ]);
    const segmenter = await createSegmenter();
    const opts = { workingSize: WORKING_SIZE, outline: 8 };
    work = () => makeSticker(data, () => Promise.resolve(segmenter), opts);
  }
  const idle = peakRssMib();
  const t0 = performance.now();
  await work();
  const ms = Math.round(performance.now() - t0);
  console.log(JSON.stringify({ idle, peak: peakRssMib(), ms }));
}

async function parent(megapixels: number, full: boolean): Promise<void> {
  const what = full ? 'whole sticker (model loaded)' : 'decode';
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-decode-'));
  try {
    for (const input of INPUTS) {
      const mp = input.megapixels ?? megapixels;
      const w = Math.floor(Math.sqrt(mp * 1e6 * 1.5));
      const h = Math.floor((mp * 1e6) / w);
      const file = path.join(dir, `${input.name.replace(/\W+/g, '-')}-${mp}.img`);
      writeFileSync(file, await input.make(w, h).toBuffer());
      const out = execFileSync(
        process.execPath,
        [...process.execArgv, __filename, '--child', file],
        {
          encoding: 'utf8',
        },
      );
      const r = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>;
      const mib = (statSync(file).size / 1024 / 1024).toFixed(1);
      console.log(
        `${mp} MP ${input.name} (${w}x${h}, ${mib} MiB file): ${what} in ${r.ms} ms, ` +
          `peak RSS ${r.peak} MiB (${r.idle} MiB before; matting has 1024 MiB)`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const { values } = parseArgs({
  options: {
    child: { type: 'string' },
    full: { type: 'boolean', default: false },
    megapixels: { type: 'string', default: '50' },
  },
});
const run = values.child
  ? child(values.child, values.full)
  : parent(Number(values.megapixels), values.full);
run.catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
