import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simulateChain, maxPerWindow, type ChainInputs } from './chain';
import { CloudRunService, PushSubscription } from './cloud-run';
import { seededRandom } from '../../seeded-random';
import { Agenda } from './events';
import { SharedCpu } from './shared-cpu';
import { TelegramFlood, TokenBucket } from './telegram-limits';

/** The simulator's mechanics, checked on its own clock: no timing of this machine. */
describe('simulation mechanics', () => {
  it('runs events in time order, ties in the order scheduled', () => {
    const a = new Agenda();
    const seen: string[] = [];
    a.at(20, () => seen.push('c'));
    a.at(10, () => (seen.push('a'), a.after(0, () => seen.push('b'))));
    a.at(20, () => seen.push('d'));
    a.run();
    assert.deepEqual(seen, ['a', 'b', 'c', 'd']);
    assert.equal(a.now, 20);
  });

  it('a token bucket never lets more than burst + rate × t through', () => {
    const bucket = new TokenBucket(30, 30);
    const passed: number[] = [];
    const random = seededRandom(7);
    for (let t = 0; t < 10_000; t += random() * 5) if (bucket.take(t) === 0) passed.push(t);
    for (const start of passed) {
      const inWindow = passed.filter((t) => t >= start && t < start + 1000).length;
      assert.ok(inWindow <= 60, `${inWindow} in the second from ${start}`);
    }
    // after the burst is spent, the long-run rate is the bucket's
    assert.ok(passed.filter((t) => t >= 5000).length <= 30 * 5 + 1);
  });

  it("Telegram's model answers 429 with a retry_after that is enough", () => {
    const flood = new TelegramFlood();
    const t0 = 1000;
    for (let i = 0; i < 3; i++) assert.deepEqual(flood.send(5, t0), { ok: true }); // burst of 3
    const refused = flood.send(5, t0);
    assert.equal(refused.ok, false);
    assert.equal(flood.refused, 1);
    const wait = refused.ok ? 0 : refused.retryAfterSeconds;
    assert.ok(wait >= 1);
    assert.deepEqual(flood.send(5, t0 + wait * 1000), { ok: true });
    // a group gets 20 a minute
    const groupSends = Array.from({ length: 10 }, (_, i) => flood.send(-7, t0 + i * 1000));
    assert.ok(groupSends.filter((s) => s.ok).length <= 3 + Math.ceil((10 * 20) / 60));
  });

  it('retries a failed push after the backoff, doubling, then dead-letters it', () => {
    const a = new Agenda();
    const attemptsAt: number[] = [];
    const dead: string[] = [];
    const sub = new PushSubscription<string>(
      a,
      {
        minBackoffMs: 10_000,
        maxBackoffMs: 25_000,
        maxDeliveryAttempts: 4,
        initialWindow: 3,
        maxWindow: 10,
      },
      (_m, _attempt, done) => (attemptsAt.push(a.now), done(false)),
      (m) => dead.push(m),
    );
    sub.publish('photo');
    a.run();
    assert.deepEqual(attemptsAt, [0, 10_000, 30_000, 55_000]); // 10 s, 20 s, then capped at 25 s
    assert.deepEqual(dead, ['photo']);
    assert.equal(sub.deadLettered, 1);
  });

  it('Cloud Run: a request waits for a busy instance, then is refused after pendingMs', () => {
    const a = new Agenda();
    const svc = new CloudRunService(
      a,
      { name: 'x', maxInstances: 1, minInstances: 0, coldStartMs: () => 500, pendingMs: 1000 },
      () => ({}),
    );
    const ended: string[] = [];
    const work = (ms: number, tag: string) => (_i: object, done: (ok: boolean) => void) =>
      a.after(ms, () => (ended.push(`${tag}@${a.now}`), done(true)));
    svc.request(work(800, 'first'), () => ended.push('first refused'));
    svc.request(work(100, 'second'), () => ended.push(`second refused@${a.now}`));
    svc.request(work(100, 'third'), () => ended.push(`third refused@${a.now}`));
    a.run();
    // first: cold start 500 + 800; second and third wait; both pass 1000 ms pending at 1000
    assert.deepEqual(ended, ['second refused@1000', 'third refused@1000', 'first@1300']);
    assert.equal(svc.coldStarts, 1);
    assert.equal(svc.rejected, 2);
  });

  it('shares cores: two single-threaded jobs on 2 cores run side by side, 3 of them slow down', () => {
    const a = new Agenda();
    const cpu = new SharedCpu(a, 2, () => 1);
    const done: Record<string, number> = {};
    for (const g of ['p', 'q', 'r']) cpu.run(g, 100, () => (done[g] = a.now));
    a.run();
    // each gets 2/3 of a core: 150 ms
    for (const g of ['p', 'q', 'r']) assert.ok(Math.abs(done[g]! - 150) < 1e-6, `${g} ${done[g]}`);
    const b = new Agenda();
    const one = new SharedCpu(b, 2, () => 1);
    const t: number[] = [];
    one.run('same', 100, () => t.push(b.now));
    one.run('same', 100, () => t.push(b.now));
    b.run();
    assert.deepEqual(t, [200, 200]); // one process: one core between its two jobs
  });

  it('counts the most events in any second', () => {
    assert.equal(maxPerWindow([0, 100, 999, 1000, 1500, 1999]), 3);
    assert.equal(maxPerWindow([0, 1000, 2000]), 1);
  });
});

const inputs = (over: Partial<ChainInputs> = {}): ChainInputs => ({
  serviceMs: { webhook: [200, 300], matting: [300, 500], sender: [150, 250] },
  coldStartMs: { webhook: 400, matting: 1500, sender: 400 },
  instances: {
    webhook: { max: 10, min: 0 },
    matting: { max: 20, min: 0 },
    sender: { max: 5, min: 0 },
  },
  webhookConnections: 10,
  push: {
    minBackoffMs: 10_000,
    maxBackoffMs: 600_000,
    maxDeliveryAttempts: 20,
    initialWindow: 3,
    maxWindow: 1000,
  },
  senderPerSecond: 4.8,
  hopMs: { telegram: 100, eventarc: 500, pubsub: 100 },
  pendingMs: 10_000,
  ...over,
});

describe('simulated chain', () => {
  it('is deterministic for a seed', () => {
    const w = { photos: 300, users: 60, overS: 10, seed: 3 };
    assert.deepEqual(simulateChain(inputs(), w), simulateChain(inputs(), w));
  });

  it('holds the global rate with per-instance pacers: instances × rate', () => {
    const r = simulateChain(inputs(), { photos: 2000, users: 400, overS: 20, seed: 1 });
    assert.equal(r.lost, 0);
    assert.ok(r.max_messages_per_s <= 5 * 4.8 + 1, `${r.max_messages_per_s}/s`);
  });

  it('without pacing, a burst runs into 429s that the pacer avoids', () => {
    const w = { photos: 2000, users: 400, overS: 20, seed: 1 };
    const fast = simulateChain(
      inputs({
        senderPerSecond: 30,
        instances: { ...inputs().instances, sender: { max: 20, min: 0 } },
      }),
      w,
    );
    const paced = simulateChain(inputs(), w);
    assert.ok(
      fast.telegram_429 > paced.telegram_429,
      `${fast.telegram_429} vs ${paced.telegram_429}`,
    );
  });

  it('dead-letters what waits out its delivery attempts, and counts it lost', () => {
    const tight = inputs({
      instances: {
        webhook: { max: 10, min: 0 },
        matting: { max: 1, min: 0 },
        sender: { max: 5, min: 0 },
      },
      push: {
        minBackoffMs: 1000,
        maxBackoffMs: 2000,
        maxDeliveryAttempts: 2,
        initialWindow: 50,
        maxWindow: 50,
      },
      pendingMs: 100,
    });
    const r = simulateChain(tight, { photos: 200, users: 50, overS: 1, seed: 2 });
    assert.ok(r.lost > 0 && r.dead_lettered === r.lost, JSON.stringify(r));
  });
});
