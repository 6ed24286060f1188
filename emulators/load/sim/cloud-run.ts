import type { Agenda } from './events';

/**
 * One deployed function as Cloud Run runs it: instances of concurrency 1, up to
 * `maxInstances`, `minInstances` kept warm. A request takes an idle instance, or starts a
 * new one (it waits the cold start), or waits up to `pendingMs` for one to free up; after
 * that Cloud Run answers 429 and the caller (Pub/Sub, Eventarc, Telegram) retries later.
 */
export interface ServiceSpec {
  name: string;
  maxInstances: number;
  minInstances: number;
  /** ms from "instance needed" to "serving": spawn → listening and the handler loading */
  coldStartMs: () => number;
  /** how long Cloud Run holds a request that finds every instance busy (assumed 10 s) */
  pendingMs: number;
}

/** One request's work on an instance; calls `done` when the instance is free again. */
export type Work<I> = (instance: I, done: (ok: boolean) => void) => void;

interface Pending<I> {
  work: Work<I>;
  fail: () => void;
  timer: { cancelled: boolean };
}

export class CloudRunService<I extends object> {
  private readonly idle: I[] = [];
  private readonly pending: Pending<I>[] = [];
  private count = 0;
  /** most instances alive at once */
  peak = 0;
  coldStarts = 0;
  rejected = 0;

  constructor(
    private readonly agenda: Agenda,
    private readonly spec: ServiceSpec,
    private readonly makeInstance: () => I,
  ) {
    for (let i = 0; i < spec.minInstances; i++) this.idle.push(this.add());
  }

  get instances(): number {
    return this.count;
  }

  /** Runs `work` on an instance now, after a cold start, or after a wait; else `fail()`. */
  request(work: Work<I>, fail: () => void): void {
    const instance = this.idle.pop();
    if (instance) return this.run(instance, work);
    if (this.count < this.spec.maxInstances) {
      const fresh = this.add();
      this.coldStarts++;
      this.agenda.after(this.spec.coldStartMs(), () => this.run(fresh, work));
      return;
    }
    const p: Pending<I> = { work, fail, timer: { cancelled: false } };
    this.pending.push(p);
    this.agenda.after(this.spec.pendingMs, () => {
      if (p.timer.cancelled) return;
      this.pending.splice(this.pending.indexOf(p), 1);
      this.rejected++;
      fail();
    });
  }

  private add(): I {
    this.count++;
    this.peak = Math.max(this.peak, this.count);
    return this.makeInstance();
  }

  private run(instance: I, work: Work<I>): void {
    work(instance, () => {
      const next = this.pending.shift();
      if (next) {
        next.timer.cancelled = true;
        this.run(instance, next.work);
      } else {
        this.idle.push(instance);
      }
    });
  }
}

/** Delivery settings of a push subscription (Eventarc's, or the sender's). */
export interface PushSpec {
  /** retry policy: first and longest wait before a nacked message is pushed again */
  minBackoffMs: number;
  maxBackoffMs: number;
  /** deliveries before the message goes to the dead-letter topic */
  maxDeliveryAttempts: number;
  /** outstanding pushes at the start; grows by one per success, halves on a failure */
  initialWindow: number;
  maxWindow: number;
}

/**
 * Pub/Sub push delivery: messages wait in the subscription's backlog, and Pub/Sub keeps a
 * window of pushes outstanding that it widens on successes and narrows on failures (its
 * documented slow start). A failed push (5xx, 429) is retried after the retry policy's
 * backoff, doubling per attempt; after `maxDeliveryAttempts` it is dead-lettered.
 */
export class PushSubscription<M> {
  private readonly backlog: { msg: M; attempts: number }[] = [];
  private head = 0;
  private outstanding = 0;
  private window: number;
  deliveries = 0;
  failures = 0;
  deadLettered = 0;

  constructor(
    private readonly agenda: Agenda,
    private readonly spec: PushSpec,
    /** pushes one message; calls `done(true)` on a 2xx */
    private readonly push: (msg: M, attempt: number, done: (ok: boolean) => void) => void,
    private readonly onDeadLetter: (msg: M) => void,
  ) {
    this.window = spec.initialWindow;
  }

  publish(msg: M): void {
    this.enqueue(msg, 0);
  }

  private enqueue(msg: M, attempts: number): void {
    this.backlog.push({ msg, attempts });
    this.pump();
  }

  private pump(): void {
    while (this.outstanding < Math.floor(this.window) && this.head < this.backlog.length) {
      const item = this.backlog[this.head++]!;
      if (this.head > 1024 && this.head * 2 > this.backlog.length) {
        this.backlog.splice(0, this.head);
        this.head = 0;
      }
      this.outstanding++;
      this.deliveries++;
      const attempt = item.attempts + 1;
      this.push(item.msg, attempt, (ok) => this.settle(item.msg, attempt, ok));
    }
  }

  private settle(msg: M, attempt: number, ok: boolean): void {
    this.outstanding--;
    if (ok) {
      this.window = Math.min(this.spec.maxWindow, this.window + 1);
    } else {
      this.failures++;
      this.window = Math.max(1, this.window / 2);
      if (attempt >= this.spec.maxDeliveryAttempts) {
        this.deadLettered++;
        this.onDeadLetter(msg);
      } else {
        const wait = Math.min(this.spec.maxBackoffMs, this.spec.minBackoffMs * 2 ** (attempt - 1));
        this.agenda.after(wait, () => this.enqueue(msg, attempt));
      }
    }
    this.pump();
  }
}
