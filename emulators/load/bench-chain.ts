import { parseArgs } from 'node:util';
import { collect, quantile, sendPhotos } from './load';
import { startStack, type Stack } from '../stack/stack';

/**
 * `npm run bench:chain -- --photos N --users U [--rate R]`: end-to-end speed of the
 * local stack: update posted → sticker received, per photo, at a steady rate; cold start
 * of each function (process spawn → listening); peak RSS of each function. A
 * benchmark, not a test: it reports figures and asserts nothing about time.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      photos: { type: 'string', default: '50' },
      users: { type: 'string', default: '10' },
      rate: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '3' },
    },
  });
  const photos = Number(values.photos);
  const users = Number(values.users);
  const rate = Number(values.rate);
  const warmup = Number(values.warmup);
  if (![photos, users, rate].every((n) => Number.isFinite(n) && n > 0) || !(warmup >= 0)) {
    console.error('usage: npm run bench:chain -- --photos N --users U [--rate R] [--warmup W]');
    return 2;
  }
  let stack: Stack | undefined;
  try {
    const t0 = performance.now();
    stack = await startStack();
    const s = stack;
    console.log(`stack up in ${Math.round(performance.now() - t0)} ms`);
    const cold = Object.fromEntries(
      Object.values(s.functions).map((f) => [f.name, f.startupMs] as const),
    );
    // A few photos first, one at a time, so the measured run sees warm instances (as the
    // cold starts are reported separately).
    if (warmup > 0) {
      const w = await sendPhotos(s, {
        count: warmup,
        users: 1,
        ratePerSec: 1,
        firstUserId: 90_000,
      });
      await collect(s, w, { deadlineMs: 60_000, settleMs: 0 });
    }
    console.log(`sending ${photos} photos from ${users} users at ${rate}/s…`);
    const sent = await sendPhotos(s, { count: photos, users, ratePerSec: rate });
    const t = await collect(s, sent, { deadlineMs: 120_000, settleMs: 500 });
    const seconds = (t.lastAnsweredAt - t.firstSentAt) / 1000;
    const rss = Object.fromEntries(
      Object.values(s.functions).map((f) => [f.name, f.peakRssMb() ?? null] as const),
    );
    const result = {
      photos: t.photos,
      stickers: t.stickers,
      lost: t.lost,
      duplicates: t.duplicates,
      rate_per_s: rate,
      p50_ms: Math.round(quantile(t.latencies, 0.5)),
      p95_ms: Math.round(quantile(t.latencies, 0.95)),
      max_ms: Math.round(Math.max(...t.latencies)),
      throughput_per_s: Math.round((t.latencies.length / seconds) * 100) / 100,
      cold_start_ms: cold,
      peak_rss_mb: rss,
    };
    console.log(
      [
        `photos ${t.photos}, stickers ${t.stickers}, lost ${t.lost}, duplicates ${t.duplicates}`,
        `latency (update posted → sticker received): p50 ${result.p50_ms} ms, p95 ${result.p95_ms} ms, max ${result.max_ms} ms`,
        `throughput ${result.throughput_per_s} photos/s at an offered ${rate}/s`,
        `cold start (spawn → listening): ${Object.entries(cold)
          .map(([k, v]) => `${k} ${v} ms`)
          .join(', ')}`,
        `peak RSS: ${Object.entries(rss)
          .map(([k, v]) => `${k} ${v} MiB`)
          .join(', ')}`,
      ].join('\n'),
    );
    console.log(JSON.stringify(result));
    return t.lost === 0 ? 0 : 1;
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
