/**
 * Eventarc-style delivery of `google.cloud.storage.object.v1.finalized` CloudEvents, in
 * binary content mode as Eventarc pushes them to Cloud Functions (2nd gen). Like the real
 * thing it is at-least-once and asynchronous: an upload never waits for its event, failed
 * deliveries are retried with exponential backoff and jitter, and the same `ce-id` is
 * kept across retries so handlers can be tested for idempotency.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

/** Retry policy of the deliveries. */
export interface DeliveryOptions {
  initialBackoffMs: number;
  maxBackoffMs: number;
  maxAttempts: number;
  /** Per attempt; a target slower than this counts as failed. */
  timeoutMs: number;
  /**
   * Called when an event is given up, as Eventarc forwards it to the trigger's dead-letter
   * topic: the CloudEvent headers and the JSON body (the object resource).
   */
  onGiveUp?: (event: { headers: Record<string, string>; body: string; attempts: number }) => void;
}

/** One line per event; the server decides where it goes. */
export type LogFn = (line: Record<string, unknown>) => void;

/** The event type Storage emits when an object generation is complete. */
export const FINALIZED = 'google.cloud.storage.object.v1.finalized';

/** How one POST ended: an HTTP answer (with the start of its body) or a transport error. */
type AttemptResult = { status: number; response: string } | { error: string };

/** Bucket subscriptions and the deliveries in flight. */
export class Eventarc {
  private readonly targets = new Map<string, Set<string>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly requests = new Set<http.ClientRequest>();
  private readonly wakers = new Set<() => void>();
  private idleWaiters: (() => void)[] = [];
  private pending = 0;
  private closed = false;

  constructor(
    private readonly opts: DeliveryOptions,
    private readonly log: LogFn,
  ) {}

  /** Adds a trigger: finalized objects of `bucket` are POSTed to `target`. */
  subscribe(bucket: string, target: string): void {
    const url = new URL(target); // throws on a malformed target, at subscribe time
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`Unsupported target protocol: ${target}`);
    }
    let set = this.targets.get(bucket);
    if (!set) this.targets.set(bucket, (set = new Set()));
    set.add(target);
    this.log({ severity: 'INFO', message: 'subscribed', bucket, target });
  }

  /** Queues one event per subscriber of `bucket`; returns at once. */
  publish(bucket: string, name: string, time: string, data: Record<string, unknown>): void {
    if (this.closed) return;
    const body = JSON.stringify(data);
    for (const target of this.targets.get(bucket) ?? []) {
      const headers = {
        'ce-specversion': '1.0',
        'ce-id': randomUUID(),
        'ce-source': `//storage.googleapis.com/projects/_/buckets/${bucket}`,
        'ce-type': FINALIZED,
        'ce-subject': `objects/${name}`,
        'ce-time': time,
        'ce-bucket': bucket,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
      };
      this.pending++;
      void this.deliver(target, headers, body).finally(() => {
        this.pending--;
        if (this.pending === 0) this.settle();
      });
    }
  }

  /** Resolves once no delivery is pending (each was delivered or given up). */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Abandons pending deliveries (logged) so that nothing keeps the process alive. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const wake of this.wakers) wake();
    for (const r of this.requests) r.destroy(new Error('emulator closed'));
  }

  private settle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private async deliver(target: string, headers: Record<string, string>, body: string) {
    const event = {
      eventId: headers['ce-id'],
      bucket: headers['ce-bucket'],
      subject: headers['ce-subject'],
      target,
    };
    for (let attempt = 1; ; attempt++) {
      const result = await this.post(target, headers, body);
      const ok = 'status' in result && result.status >= 200 && result.status < 300;
      this.log({
        severity: ok ? 'INFO' : 'WARNING',
        message: ok ? 'event delivered' : 'event delivery failed',
        ...event,
        attempt,
        ...result,
      });
      if (ok) return;
      if (this.closed) {
        this.log({ severity: 'WARNING', message: 'event abandoned: emulator closed', ...event });
        return;
      }
      if (attempt >= this.opts.maxAttempts) {
        this.log({ severity: 'ERROR', message: 'event given up', ...event, attempts: attempt });
        this.opts.onGiveUp?.({ headers, body, attempts: attempt });
        return;
      }
      const ceiling = Math.min(
        this.opts.maxBackoffMs,
        this.opts.initialBackoffMs * 2 ** (attempt - 1),
      );
      const delayMs = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
      this.log({ severity: 'DEBUG', message: 'event retry scheduled', ...event, delayMs });
      await this.sleep(delayMs);
      if (this.closed) {
        this.log({ severity: 'WARNING', message: 'event abandoned: emulator closed', ...event });
        return;
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.timers.delete(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.timers.add(timer);
      this.wakers.add(wake);
    });
  }

  /** One attempt over a fresh connection (no keep-alive: nothing lingers after close). */
  private post(target: string, headers: Record<string, string>, body: string) {
    return new Promise<AttemptResult>((resolve) => {
      const url = new URL(target);
      const request = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST',
        headers,
        agent: false,
        timeout: this.opts.timeoutMs,
      });
      this.requests.add(request);
      const done = (r: AttemptResult): void => {
        this.requests.delete(request);
        resolve(r);
      };
      request.on('timeout', () =>
        request.destroy(new Error(`timeout after ${this.opts.timeoutMs} ms`)),
      );
      request.on('error', (err) => done({ error: err.message }));
      request.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => done({ error: err.message }));
        res.on('end', () =>
          done({
            status: res.statusCode ?? 0,
            response: Buffer.concat(chunks).toString('utf8').slice(0, 500),
          }),
        );
      });
      request.end(body);
    });
  }
}
