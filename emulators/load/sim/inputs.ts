import { readFileSync } from 'node:fs';
import path from 'node:path';
import { functionSpecs, type FunctionSpec } from '../../../deploy/function-specs';
import { parseOptions, resourceNames } from '../../../deploy/options';
import { ROOT } from '../../stack/functions';
import type { ChainInputs } from './chain';
import type { LocalInputs } from './local';

type Fn = 'webhook' | 'matting' | 'sender';
const CHAIN: readonly Fn[] = ['webhook', 'matting', 'sender'];

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;

/** The fields of a `bench:chain` result line the models read. */
export interface BenchResult {
  cpu_ms_per_sticker: Record<Fn, number>;
  stack_cpu_ms_per_sticker: number;
  service_ms: Record<Fn, number[]>;
  cold_first_start_ms: Record<Fn, number> | null;
  cold_start_ms: Record<Fn, number>;
  unloaded: { latency_ms: number[]; service_ms: Record<Fn, number[]> } | null;
  machine?: { cores: number; load_avg_1m: number };
  ops_per_sticker?: Record<'storage' | 'pubsub' | 'firestore', Record<string, number> | null>;
  /** mean size of the stickers made, bytes */
  sticker_bytes?: number;
}

/** The bench result checked in from a real run: the default input of `npm run simulate`. */
export const MEASURED = path.join(ROOT, 'emulators', 'load', 'sim', 'measured.json');

/** A result file: bench:chain's --out (one line), its saved output (JSON last), or JSON. */
export function readBench(file = MEASURED): BenchResult {
  const text = readFileSync(file, 'utf8').trim();
  try {
    return JSON.parse(text) as BenchResult;
  } catch {
    return JSON.parse(text.split('\n').at(-1) ?? '') as BenchResult;
  }
}

/**
 * Between the cloud and this machine, assumed (Telegram and Google publish none of them):
 * a Bot API call from a European region ≈ 60 ms; a Storage, Firestore or Pub/Sub call
 * inside the region ≈ 20 ms; Telegram → webhook ≈ 100 ms; object finalized → Eventarc
 * push ≈ 500 ms; publish → push ≈ 100 ms; Cloud Run holds a request that finds every
 * instance busy for up to 10 s; Pub/Sub starts a push window at 3.
 */
export const CLOUD_ASSUMPTIONS = {
  telegramCallMs: 60,
  googleCallMs: 20,
  hopMs: { telegram: 100, eventarc: 500, pubsub: 100 },
  pendingMs: 10_000,
  initialWindow: 3,
  maxWindow: 1000,
  /**
   * Calls made one after the other on each function's path, read from the code: webhook
   * getFile + download, the fair-use transaction (begin, get, commit) and the upload;
   * matting read, exists, create, publish, delete; sender exists, claim, exists, read,
   * send, marker, release.
   */
  calls: {
    webhook: { telegram: 2, google: 4 },
    matting: { telegram: 0, google: 5 },
    sender: { telegram: 1, google: 6 },
  } as Record<Fn, { telegram: number; google: number }>,
};

/** vCPUs Cloud Run gives a function: its `--cpu`, else what its memory comes with. */
export function vcpuOf(spec: Pick<FunctionSpec, 'cpu' | 'memory'>): number {
  if (spec.cpu) return Number(spec.cpu);
  const byMemory: Record<string, number> = {
    '128Mi': 0.083,
    '256Mi': 0.167,
    '512Mi': 0.333,
    '1Gi': 0.583,
    '2Gi': 1,
  };
  return byMemory[spec.memory] ?? 1;
}

/** The deploy's settings for these command-line options (`npm run deploy` flags). */
export function deploySpecs(deployFlags: string[]): Record<Fn | 'deadLetter', FunctionSpec> {
  const o = parseOptions(['--project', 'sim-project', '--region', 'europe-west1', ...deployFlags]);
  const specs = functionSpecs(o, resourceNames({ ...o }));
  return Object.fromEntries(specs.map((s) => [s.entryPoint, s])) as Record<
    Fn | 'deadLetter',
    FunctionSpec
  >;
}

/**
 * The deployed chain's inputs. A function's time per photo in the cloud is its CPU work,
 * measured here by process accounting (steady however busy this machine is), run on its
 * vCPU (a 0.167-vCPU instance takes 6× as long), plus its calls to Telegram and Google
 * one after the other (CLOUD_ASSUMPTIONS); the spread around that comes from the measured
 * samples (each sample / their median). Cold starts: spawn → listening measured here, on
 * the function's vCPU (start-up is CPU-bound).
 */
export function cloudInputs(b: BenchResult, deployFlags: string[]): ChainInputs {
  const specs = deploySpecs(deployFlags);
  const a = CLOUD_ASSUMPTIONS;
  const samples = b.unloaded?.service_ms ?? b.service_ms;
  const serviceMs = {} as ChainInputs['serviceMs'];
  const coldStartMs = {} as ChainInputs['coldStartMs'];
  const instances = {} as ChainInputs['instances'];
  for (const fn of CHAIN) {
    const cpu = b.cpu_ms_per_sticker[fn] / vcpuOf(specs[fn]);
    const io = a.calls[fn].telegram * a.telegramCallMs + a.calls[fn].google * a.googleCallMs;
    const mid = median(samples[fn]) || 1;
    serviceMs[fn] = samples[fn].map((ms) => cpu * (ms / mid) + io);
    const start = (b.cold_first_start_ms ?? b.cold_start_ms)[fn];
    coldStartMs[fn] = start / vcpuOf(specs[fn]);
    instances[fn] = { max: specs[fn].maxInstances, min: specs[fn].minInstances };
  }
  const perSecond = Number(specs.sender.env.TELEGRAM_MESSAGES_PER_SECOND ?? 5);
  return {
    serviceMs,
    coldStartMs,
    instances,
    webhookConnections: specs.webhook.maxInstances,
    push: {
      minBackoffMs: 10_000,
      maxBackoffMs: 600_000,
      maxDeliveryAttempts: parseOptions([
        '--project',
        'sim-project',
        '--region',
        'europe-west1',
        ...deployFlags,
      ]).maxDeliveryAttempts,
      initialWindow: a.initialWindow,
      maxWindow: a.maxWindow,
    },
    senderPerSecond: perSecond,
    hopMs: a.hopMs,
    pendingMs: a.pendingMs,
  };
}

/**
 * The local stack's inputs: CPU per step from process accounting; the waits from the
 * photos sent one at a time (their service time less their CPU, and the round trip less
 * the three service times).
 */
export function localInputs(b: BenchResult): LocalInputs {
  if (!b.unloaded) throw new Error('the bench result has no unloaded samples (run with --warmup)');
  const u = b.unloaded;
  const cpu = b.cpu_ms_per_sticker;
  const own = cpu.webhook + cpu.matting + cpu.sender;
  const waitMs = {} as LocalInputs['waitMs'];
  for (const fn of CHAIN) waitMs[fn] = Math.max(0, median(u.service_ms[fn]) - cpu[fn]);
  waitMs.rest = Math.max(
    0,
    median(u.latency_ms) - CHAIN.reduce((s, fn) => s + median(u.service_ms[fn]), 0),
  );
  return {
    cores: b.machine?.cores ?? 2,
    cpuMs: cpu,
    otherCpuMs: Math.max(0, b.stack_cpu_ms_per_sticker - own),
    waitMs,
  };
}
