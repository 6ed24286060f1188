import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { quantile } from './load';
import { processCpuMs } from './proc-stats';
import { startFunction, type FunctionName } from '../stack/functions';
import { freePort } from '../stack/ports';

/**
 * `npm run bench:cold -- [--runs N] [--function NAME]… [--node PATH] [--compile-cache]
 * [--source-maps]`:
 * each function's cold start, process spawn → listening, the way Cloud Run counts an
 * instance as started: the compiled code under dist/, one process at a time, nothing else
 * started. Also process start → handler ready (and matting's model loaded), from the
 * functions' own log lines: what a first request waits for after listening. The settings point at closed ports: listening must not wait for any service.
 *
 * `--node` runs another Node binary (the deploy runtime is nodejs22; this machine may
 * have Node 20). `--compile-cache` sets NODE_COMPILE_CACHE (Node ≥ 22.1) to a fresh
 * folder, filled by one unmeasured run first, as a build step would fill it. A benchmark:
 * it prints figures and asserts nothing about time.
 */
const FUNCTIONS: FunctionName[] = ['webhook', 'matting', 'sender'];

/** Settings that pass every function's config check; no service behind any of them. */
const ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NODE_ENV: 'production',
  METADATA_SERVER_DETECTION: 'none',
  GOOGLE_CLOUD_PROJECT: 'cold-start-bench',
  STORAGE_EMULATOR_HOST: 'http://127.0.0.1:9',
  PUBSUB_EMULATOR_HOST: '127.0.0.1:9',
  FIRESTORE_EMULATOR_HOST: '127.0.0.1:9',
  UPLOADS_BUCKET: 'cold-uploads',
  STICKERS_BUCKET: 'cold-stickers',
  TELEGRAM_API_ROOT: 'http://127.0.0.1:9',
  TELEGRAM_BOT_TOKEN: '123456:cold-start-bench',
  TELEGRAM_WEBHOOK_SECRET: 'cold-start-bench',
};

/**
 * The log line each function prints once its first request no longer waits (its handler
 * built; matting: its model loaded too), whose `msSinceStart` is read.
 */
const READY_LINES: Record<FunctionName, string[]> = {
  webhook: ['handler ready'],
  sender: ['handler ready'],
  deadLetter: ['handler ready'],
  matting: ['handler ready', 'model loaded'],
};

/** `msSinceStart` of each of `messages` the process logs within 60 s (NaN if not). */
async function readyMs(
  fn: Awaited<ReturnType<typeof startFunction>>,
  messages: string[],
): Promise<number[]> {
  const found = () => messages.map((m) => fn.logs.find((l) => l.message === m));
  const deadline = Date.now() + 60_000;
  while (found().some((l) => !l) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  return found().map((l) => Number(l?.msSinceStart ?? NaN));
}

interface Sample {
  wallMs: number;
  cpuMs: number;
  /** process start → each of READY_LINES (Node's clock: from its own start) */
  readyMs: number[];
}

async function spawnOnce(
  name: FunctionName,
  opts: { execPath: string; nodeArgs: string[]; env: NodeJS.ProcessEnv },
): Promise<Sample> {
  const fn = await startFunction({ name, port: await freePort(), ...opts });
  const wallMs = fn.startupMs;
  const cpuMs = processCpuMs(fn.pid()) ?? NaN;
  const ready = await readyMs(fn, READY_LINES[name]);
  await fn.stop();
  return { wallMs, cpuMs, readyMs: ready };
}

interface Figures {
  p50: number;
  min: number;
  max: number;
  runs: number[];
}

function figures(ms: number[]): Figures {
  return { p50: quantile(ms, 0.5), min: Math.min(...ms), max: Math.max(...ms), runs: ms };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      node: { type: 'string', default: process.execPath },
      'compile-cache': { type: 'boolean', default: false },
      'source-maps': { type: 'boolean', default: false },
      function: { type: 'string', multiple: true },
    },
  });
  const only = values.function as FunctionName[] | undefined;
  if (only?.some((f) => !FUNCTIONS.includes(f))) {
    console.error(`--function: one of ${FUNCTIONS.join(', ')}`);
    return 2;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    console.error('usage: npm run bench:cold -- [--runs N] [--node PATH] [--compile-cache]');
    return 2;
  }
  const cacheDir = values['compile-cache']
    ? mkdtempSync(path.join(tmpdir(), 'sticker-compile-cache-'))
    : undefined;
  const env = { ...ENV, ...(cacheDir && { NODE_COMPILE_CACHE: cacheDir }) };
  const opts = {
    execPath: values.node,
    nodeArgs: values['source-maps'] ? ['--enable-source-maps'] : [],
    env,
  };
  const wall: Record<string, Figures> = {};
  const cpu: Record<string, Figures> = {};
  const ready: Record<string, Figures> = {};
  try {
    for (const name of only ?? FUNCTIONS) {
      // The cache is filled by a first, unmeasured start (as a build step would).
      if (cacheDir) await spawnOnce(name, opts);
      const samples: Sample[] = [];
      for (let i = 0; i < runs; i++) samples.push(await spawnOnce(name, opts));
      const w = (wall[name] = figures(samples.map((s) => s.wallMs)));
      const c = (cpu[name] = figures(samples.map((s) => s.cpuMs)));
      READY_LINES[name].forEach((line, i) => {
        ready[`${name}: ${line}`] = figures(samples.map((s) => s.readyMs[i] ?? NaN));
      });
      console.log(
        `${name}: spawn → listening p50 ${w.p50} ms wall (${w.runs.join(', ')}), ` +
          `${c.p50} ms CPU (${c.runs.join(', ')}); ` +
          READY_LINES[name]
            .map((line) => `${line} p50 ${ready[`${name}: ${line}`]!.p50} ms`)
            .join(', '),
      );
    }
  } finally {
    if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
  }
  const node = (await import('node:child_process'))
    .execFileSync(values.node, ['--version'])
    .toString()
    .trim();
  console.log(
    JSON.stringify({
      node,
      compile_cache: Boolean(cacheDir),
      source_maps: values['source-maps'],
      spawn_to_listening_ms: wall,
      cpu_ms_at_listening: cpu,
      start_to_ready_ms: ready,
    }),
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`bench:cold failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
