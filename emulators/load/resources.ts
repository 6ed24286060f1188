import { API_CALL_MESSAGE, type ApiCallTarget, type RecordedApiCall } from '../../shared/api-calls';
import type { FunctionName } from '../stack/functions';
import type { Stack } from '../stack/stack';
import { descendants, processCpuMs } from './proc-stats';

/** The functions a sticker passes through (deadLetter only runs when one fails). */
export const CHAIN: readonly FunctionName[] = ['webhook', 'matting', 'sender'];

/**
 * Operations by API method. Storage counts billed operations at our own emulator
 * (emulators/storage/operations.ts). Pub/Sub and Firestore are the official emulators,
 * which count nothing: their counts are the calls the functions recorded
 * (shared/api-calls.ts, the same records the IAM check reads): Pub/Sub by method
 * (`topics.publish`), Firestore by bot-state operation, each of which is one or a few
 * document reads and writes, so `npm run cost` still prices Firestore from the code.
 */
export type OperationCounts = Record<
  'storage' | 'pubsub' | 'firestore',
  Record<string, number> | undefined
>;

/** What the stack has used so far: CPU per process and operations per service. */
export interface ResourceSnapshot {
  /** CPU ms of each function process, from /proc */
  functionCpuMs: Partial<Record<FunctionName, number>>;
  /** CPU ms of this process (load driver, Storage and Telegram emulators) and every child */
  stackCpuMs: Map<number, number>;
  operations: OperationCounts;
}

export function snapshotResources(stack: Stack): ResourceSnapshot {
  const functionCpuMs: ResourceSnapshot['functionCpuMs'] = {};
  for (const f of Object.values(stack.functions)) {
    const ms = processCpuMs(f.pid());
    if (ms !== undefined) functionCpuMs[f.name] = ms;
  }
  const stackCpuMs = new Map<number, number>();
  const own = process.cpuUsage();
  stackCpuMs.set(process.pid, (own.user + own.system) / 1000);
  for (const pid of descendants(process.pid)) {
    const ms = processCpuMs(pid);
    if (ms !== undefined) stackCpuMs.set(pid, ms);
  }
  return {
    functionCpuMs,
    stackCpuMs,
    operations: {
      storage: stack.storage.operations(),
      pubsub: recordedCalls(stack, 'pubsub'),
      firestore: recordedCalls(stack, 'datastore'),
    },
  };
}

/** The Pub/Sub or Firestore calls every function has recorded so far, by method. */
function recordedCalls(stack: Stack, service: ApiCallTarget['service']): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of Object.values(stack.functions)) {
    for (const line of f.logs) {
      const call = line.apiCall as RecordedApiCall | undefined;
      if (line.message !== API_CALL_MESSAGE || call?.target.service !== service) continue;
      out[call.method] = (out[call.method] ?? 0) + 1;
    }
  }
  return out;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Per-sticker use between two snapshots: CPU ms per function and in all, operations. */
export function perSticker(before: ResourceSnapshot, after: ResourceSnapshot, stickers: number) {
  const n = Math.max(1, stickers);
  const cpu: Partial<Record<FunctionName, number>> = {};
  for (const name of CHAIN) {
    const a = after.functionCpuMs[name];
    const b = before.functionCpuMs[name];
    if (a !== undefined && b !== undefined) cpu[name] = round1((a - b) / n);
  }
  let stack = 0;
  for (const [pid, ms] of after.stackCpuMs) {
    const b = before.stackCpuMs.get(pid);
    if (b !== undefined) stack += ms - b;
  }
  const ops = (k: keyof OperationCounts) => {
    const a = after.operations[k];
    const b = before.operations[k];
    if (!a || !b) return null;
    const out: Record<string, number> = {};
    for (const [op, count] of Object.entries(a)) {
      const d = count - (b[op] ?? 0);
      if (d > 0) out[op] = Math.round((d / n) * 1000) / 1000;
    }
    return out;
  };
  return {
    cpu_ms_per_sticker: cpu,
    stack_cpu_ms_per_sticker: round1(stack / n),
    ops_per_sticker: {
      storage: ops('storage'),
      pubsub: ops('pubsub'),
      firestore: ops('firestore'),
    },
  };
}

/** Log line that closes each function's part of a photo, with its `ms` (stage-timings.ts). */
const CLOSING_LINE: Record<string, string> = {
  webhook: 'update handled',
  matting: 'reply published',
  sender: 'reply delivered',
};

/**
 * Each function's own time per photo (its closing log line's `ms`), for the photos of the
 * measured run: the service-time samples `npm run simulate` draws from.
 */
export function serviceTimes(stack: Stack, updateIds: Set<number>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const name of CHAIN) {
    const wanted = CLOSING_LINE[name];
    out[name] = stack.functions[name].logs
      .filter((l) => l.message === wanted && updateIds.has(Number(l.updateId)))
      .map((l) => Number(l.ms))
      .filter((ms) => Number.isFinite(ms));
  }
  return out;
}

/** Mean size of the stickers matting made for these photos (its `sticker made` lines). */
export function meanStickerBytes(stack: Stack, updateIds: Set<number>): number | null {
  const sizes = stack.functions.matting.logs
    .filter((l) => l.message === 'sticker made' && updateIds.has(Number(l.updateId)))
    .map((l) => Number(l.bytes))
    .filter((b) => Number.isFinite(b));
  return sizes.length ? Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length) : null;
}
