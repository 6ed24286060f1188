import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { measureColdFirstSticker, type ColdFirstSticker } from './cold-first';
import { describeTimeline } from './cold-timeline';
import { collect, quantile, sendPhotos, type Tally } from './load';
import { numberFlags } from './number-flags';
import { meanStickerBytes, perSticker, serviceTimes, snapshotResources } from './resources';
import { startStack, type Stack } from '../stack/stack';

/**
 * `npm run bench:chain -- --photos N --users U [--rate R] [--warmup W] [--skip-cold]
 * [--out FILE]`: the local stack end to end. It measures, and prints last as one JSON line
 * (also written to FILE):
 * - "first sticker after idle" (`cold_first_sticker_ms`): every function stopped, one
 *   photo, each function started by its first request (cold-first.ts), and where its time
 *   went (`cold_first_timeline`: the critical path in consecutive phases, cold-timeline.ts);
 * - update posted → sticker received per photo at a steady rate (p50/p95, throughput),
 *   after a few warm-up photos;
 * - per sticker: each function's CPU ms and the whole stack's (process accounting, not
 *   wall time), Storage operations by JSON API method (counted at our emulator), each
 *   function's own time per photo (`service_ms`, the samples `npm run simulate` uses);
 * - each function's spawn → listening and peak RSS.
 * A benchmark, not a test: it reports figures and asserts nothing about time.
 */
interface Options {
  photos: number;
  users: number;
  rate: number;
  warmup: number;
  cold: boolean;
  out?: string;
}

function parseOptions(): Options | undefined {
  const { values } = parseArgs({
    options: {
      ...numberFlags({ photos: 50, users: 10, rate: 5, warmup: 5 }),
      'skip-cold': { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  const o = {
    photos: Number(values.photos),
    users: Number(values.users),
    rate: Number(values.rate),
    warmup: Number(values.warmup),
    cold: !values['skip-cold'],
    out: values.out,
  };
  const ok = [o.photos, o.users, o.rate].every((n) => Number.isFinite(n) && n > 0);
  return ok && o.warmup >= 0 ? o : undefined;
}

/**
 * A few photos one at a time, so the measured run sees warm instances; their times are
 * the chain without contention (`unloaded`), which the local model is calibrated on.
 */
async function warmUp(stack: Stack, count: number) {
  if (count <= 0) return undefined;
  const w = await sendPhotos(stack, { count, users: 1, ratePerSec: 1, firstUserId: 90_000 });
  const t = await collect(stack, w, { deadlineMs: 60_000, settleMs: 0 });
  const ids = new Set(w.map((s) => s.updateId));
  return { latency_ms: t.latencies, service_ms: serviceTimes(stack, ids) };
}

async function measure(stack: Stack, o: Options) {
  const cold: ColdFirstSticker | undefined = o.cold
    ? await measureColdFirstSticker(stack)
    : undefined;
  const unloaded = await warmUp(stack, o.warmup);
  const before = snapshotResources(stack);
  console.log(`sending ${o.photos} photos from ${o.users} users at ${o.rate}/s…`);
  const sent = await sendPhotos(stack, { count: o.photos, users: o.users, ratePerSec: o.rate });
  const t = await collect(stack, sent, { deadlineMs: 120_000, settleMs: 500 });
  const used = perSticker(before, snapshotResources(stack), t.stickers);
  const ids = new Set(sent.map((s) => s.updateId));
  const service = serviceTimes(stack, ids);
  return { cold, t, used, service, unloaded, stickerBytes: meanStickerBytes(stack, ids) };
}

function summarize(stack: Stack, o: Options, m: Awaited<ReturnType<typeof measure>>) {
  const { t } = m;
  const seconds = (t.lastAnsweredAt - t.firstSentAt) / 1000;
  const perFunction = <T>(f: (name: keyof Stack['functions']) => T) =>
    Object.fromEntries(Object.values(stack.functions).map((p) => [p.name, f(p.name)] as const));
  return {
    photos: t.photos,
    stickers: t.stickers,
    lost: t.lost,
    duplicates: t.duplicates,
    rate_per_s: o.rate,
    p50_ms: Math.round(quantile(t.latencies, 0.5)),
    p95_ms: Math.round(quantile(t.latencies, 0.95)),
    max_ms: Math.round(Math.max(...t.latencies)),
    throughput_per_s: Math.round((t.latencies.length / seconds) * 100) / 100,
    cold_first_sticker_ms: m.cold?.ms ?? null,
    cold_first_start_ms: m.cold?.startMs ?? null,
    cold_first_timeline: m.cold?.timeline ?? null,
    cold_start_ms: perFunction((n) => stack.functions[n].startupMs),
    peak_rss_mb: perFunction((n) => stack.functions[n].peakRssMb() ?? null),
    ...m.used,
    sticker_bytes: m.stickerBytes,
    service_ms: m.service,
    unloaded: m.unloaded ?? null,
    machine: { cores: cpus().length, load_avg_1m: Math.round(loadavg()[0]! * 100) / 100 },
  };
}

function describe(r: ReturnType<typeof summarize>, t: Tally): string {
  const list = (o: Record<string, unknown>, unit: string) =>
    Object.entries(o)
      .map(([k, v]) => `${k} ${String(v)} ${unit}`)
      .join(', ');
  return [
    `photos ${t.photos}, stickers ${t.stickers}, lost ${t.lost}, duplicates ${t.duplicates}`,
    `latency (update posted → sticker received): p50 ${r.p50_ms} ms, p95 ${r.p95_ms} ms, max ${r.max_ms} ms`,
    `throughput ${r.throughput_per_s} photos/s at an offered ${r.rate_per_s}/s`,
    `first sticker after idle (all cold): ${r.cold_first_sticker_ms ?? '-'} ms` +
      (r.cold_first_start_ms ? ` (starts: ${list(r.cold_first_start_ms, 'ms')})` : '') +
      (r.cold_first_timeline ? `, where it went:\n${describeTimeline(r.cold_first_timeline)}` : ''),
    `cold start (spawn → listening): ${list(r.cold_start_ms, 'ms')}`,
    `CPU per sticker: ${list(r.cpu_ms_per_sticker, 'ms')}; whole stack ${r.stack_cpu_ms_per_sticker} ms`,
    `Storage operations per sticker: ${list(r.ops_per_sticker.storage ?? {}, '')}`,
    `peak RSS: ${list(r.peak_rss_mb, 'MiB')}`,
  ].join('\n');
}

async function main(): Promise<number> {
  const o = parseOptions();
  if (!o) {
    console.error(
      'usage: npm run bench:chain -- --photos N --users U [--rate R] [--warmup W] [--skip-cold] [--out FILE]',
    );
    return 2;
  }
  let stack: Stack | undefined;
  try {
    const t0 = performance.now();
    stack = await startStack();
    console.log(`stack up in ${Math.round(performance.now() - t0)} ms`);
    const m = await measure(stack, o);
    const result = summarize(stack, o, m);
    console.log(describe(result, m.t));
    const line = JSON.stringify(result);
    if (o.out) writeFileSync(o.out, line + '\n');
    console.log(line);
    return m.t.lost === 0 ? 0 : 1;
  } finally {
    await stack?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`bench:chain failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
