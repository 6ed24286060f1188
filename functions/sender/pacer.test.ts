import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RetryableError } from '../../shared/errors';
import { DEFAULT_PACER_LIMITS, PacingError, createPacer, paced, type Clock } from './pacer';

/**
 * A clock that only moves when told to. `sleep` resolves at once and records the moment
 * it was asked to wake: the pacer books every slot before it sleeps, so that moment is
 * when the message goes out.
 */
function fakeClock(start = 1_000_000) {
  let now = start;
  const sentAt: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: (ms) => {
      sentAt.push(now + ms);
      return Promise.resolve();
    },
  };
  return {
    clock,
    advance: (ms: number) => (now += ms),
    /** when each send of the last batch goes out (now, for those that did not wait) */
    async sendTimes(start: () => Promise<void>[]): Promise<number[]> {
      sentAt.length = 0;
      const t0 = now;
      const sends = start();
      await Promise.all(sends);
      const times = [...sentAt];
      while (times.length < sends.length) times.push(t0);
      return times.sort((a, b) => a - b);
    },
  };
}

/** The most sends inside any window of `windowMs` (a window starting at each send). */
function maxInWindow(times: number[], windowMs: number): number {
  return Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + windowMs).length));
}

const limits = { ...DEFAULT_PACER_LIMITS, perSecond: 5, maxWaitMs: 60_000 };

describe('pacer', () => {
  it('never sends more than perSecond in any second, however many chats call at once', async () => {
    const f = fakeClock();
    const pacer = createPacer(limits, f.clock);
    const times = await f.sendTimes(() =>
      Array.from({ length: 40 }, (_, i) => pacer.acquire(i + 1)),
    );
    assert.equal(times.length, 40);
    assert.ok(maxInWindow(times, 1000) <= limits.perSecond, `${maxInWindow(times, 1000)}`);
    // and it does not waste the budget: 40 sends at 5/s take 7.8 s, not more
    assert.equal(times.at(-1)! - times[0]!, (39 * 1000) / limits.perSecond);
  });

  for (const [kind, chatId, interval] of [
    ['private chat', 42, limits.chatIntervalMs],
    ['group', -100123, limits.groupIntervalMs],
  ] as const) {
    it(`spaces the messages of one ${kind} ${interval} ms apart`, async () => {
      const f = fakeClock();
      const pacer = createPacer(limits, f.clock);
      const times = await f.sendTimes(() => Array.from({ length: 6 }, () => pacer.acquire(chatId)));
      for (let i = 1; i < times.length; i++) assert.equal(times[i]! - times[i - 1]!, interval);
    });
  }

  it('serves in order of arrival: a message waiting for its chat holds back the next', async () => {
    const f = fakeClock();
    const pacer = createPacer({ ...limits, perSecond: 10 }, f.clock);
    const times = await f.sendTimes(() => [
      pacer.acquire(1),
      pacer.acquire(1),
      pacer.acquire(2),
      pacer.acquire(3),
    ]);
    // Chat 1's second message waits a second, and chats 2 and 3 queue behind it: with
    // concurrency 1 an instance holds one message at a time, so this is what happens
    // there anyway, and nobody is overtaken.
    assert.deepEqual(
      times.map((t) => t - times[0]!),
      [0, 1000, 1100, 1200],
    );
  });

  it('pauses every send for a 429 retry_after', async () => {
    const f = fakeClock();
    const pacer = createPacer(limits, f.clock);
    await pacer.acquire(1);
    pacer.pause(7);
    const [t] = await f.sendTimes(() => [pacer.acquire(2)]);
    assert.equal(t! - f.clock.now(), 7000);
  });

  it('refuses, retryably, a send that would wait longer than maxWaitMs', async () => {
    const f = fakeClock();
    const pacer = createPacer({ ...limits, maxWaitMs: 2500 }, f.clock);
    for (let i = 0; i < 3; i++) await pacer.acquire(9); // booked at 0, 1 s, 2 s
    const err = await pacer.acquire(9).then(
      () => assert.fail('expected a PacingError'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof PacingError && err instanceof RetryableError);
    assert.equal(err.waitMs, 3000);
    assert.equal(err.retryAfterSeconds, 3);
    // the refusal booked nothing: the next chat is not delayed by it
    f.advance(3000);
    const [t] = await f.sendTimes(() => [pacer.acquire(9)]);
    assert.equal(t, f.clock.now());
  });

  it('paced(): takes a slot per attempt and learns retry_after from a 429', async () => {
    const f = fakeClock();
    const pacer = createPacer(limits, f.clock);
    let calls = 0;
    const flood = Object.assign(new Error('429: Too Many Requests: retry after 4'), {
      response: { error_code: 429, description: 'Too Many Requests: retry after 4' },
      parameters: { retry_after: 4 },
    });
    const send = paced(pacer, 5, () =>
      ++calls === 1 ? Promise.reject(flood) : Promise.resolve('ok'),
    );
    await assert.rejects(send(), flood);
    const [t] = await f.sendTimes(() => [pacer.acquire(6)]);
    assert.equal(t! - f.clock.now(), 4000);
    f.advance(5000);
    assert.equal(await send(), 'ok');
    assert.equal(calls, 2);
  });
});
