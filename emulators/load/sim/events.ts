/**
 * The clock and agenda of the discrete-event simulation: events run in time order (ties
 * in the order they were scheduled), each may schedule more. Nothing real waits.
 */
interface Entry {
  at: number;
  seq: number;
  run: () => void;
}

export class Agenda {
  private heap: Entry[] = [];
  private seq = 0;
  /** simulated time, ms */
  now = 0;

  at(time: number, run: () => void): void {
    const e = { at: Math.max(time, this.now), seq: this.seq++, run };
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  after(ms: number, run: () => void): void {
    this.at(this.now + ms, run);
  }

  /** Runs events until none is left or `until` (ms) is passed. */
  run(until = Infinity): void {
    for (let e = this.pop(); e; e = this.pop()) {
      if (e.at > until) return;
      this.now = e.at;
      e.run();
    }
  }

  private pop(): Entry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

const before = (a: Entry, b: Entry) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/** A draw from measured samples (bootstrap): the distribution as it was, tails included. */
export function sampler(samples: readonly number[], random: () => number): () => number {
  if (samples.length === 0) throw new Error('no samples to draw from');
  return () => samples[Math.floor(random() * samples.length)]!;
}
