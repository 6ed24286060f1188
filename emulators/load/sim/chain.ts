import { createPacer, DEFAULT_PACER_LIMITS, type Pacer } from '../../../functions/sender/pacer';
import { quantile } from '../load';
import { seededRandom } from '../../seeded-random';
import { Agenda, sampler } from './events';
import { CloudRunService, PushSubscription, type PushSpec } from './cloud-run';
import { TelegramFlood } from './telegram-limits';

type Fn = 'webhook' | 'matting' | 'sender';

/** What the model of the deployed chain is fed: measurements and the deploy's settings. */
export interface ChainInputs {
  /** each function's own time per photo, warm, ms (samples, drawn at random) */
  serviceMs: Record<Fn, number[]>;
  /** a new instance's wait: spawn → listening plus loading the handler, ms */
  coldStartMs: Record<Fn, number>;
  instances: Record<Fn, { max: number; min: number }>;
  /** setWebhook max_connections: updates Telegram has in flight at once */
  webhookConnections: number;
  /** Eventarc (matting) and Pub/Sub (sender) subscriptions */
  push: PushSpec;
  /** each sender instance's messages per second (TELEGRAM_MESSAGES_PER_SECOND) */
  senderPerSecond: number;
  /** transport between the steps, ms: Telegram → webhook, finalize → matting, publish → sender */
  hopMs: { telegram: number; eventarc: number; pubsub: number };
  /** how long Cloud Run holds a request while every instance is busy */
  pendingMs: number;
}

export interface Workload {
  photos: number;
  users: number;
  /** photos arrive at random over this many seconds */
  overS: number;
  seed: number;
}

export interface SimResult {
  photos: number;
  drain_s: number;
  p50_ms: number;
  p95_ms: number;
  telegram_429: number;
  max_messages_per_s: number;
  max_instances: number;
  lost: number;
  instances: Record<Fn, number>;
  cold_starts: Record<Fn, number>;
  dead_lettered: number;
  redeliveries: number;
}

interface Photo {
  arrivedAt: number;
  chatId: number;
  deliveredAt?: number;
}

/** The most events inside any `windowMs` (each window starting at an event). */
export function maxPerWindow(times: number[], windowMs = 1000): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[j]! <= t[i]! - windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/**
 * Runs the burst through webhook → (Eventarc) → matting → (Pub/Sub) → sender → Telegram,
 * each function a Cloud Run service, and reports what the deployed chain would do.
 */
export function simulateChain(inputs: ChainInputs, work: Workload): SimResult {
  const agenda = new Agenda();
  const random = seededRandom(work.seed);
  const draw = {
    webhook: sampler(inputs.serviceMs.webhook, random),
    matting: sampler(inputs.serviceMs.matting, random),
    sender: sampler(inputs.serviceMs.sender, random),
  };
  const flood = new TelegramFlood();
  const sends: number[] = [];
  const service = <I extends object>(fn: Fn, make: () => I) =>
    new CloudRunService(
      agenda,
      {
        name: fn,
        maxInstances: inputs.instances[fn].max,
        minInstances: inputs.instances[fn].min,
        coldStartMs: () => inputs.coldStartMs[fn],
        pendingMs: inputs.pendingMs,
      },
      make,
    );
  const webhook = service('webhook', () => ({}));
  const matting = service('matting', () => ({}));
  const sender = service('sender', () => ({
    pacer: createPacer(
      { ...DEFAULT_PACER_LIMITS, perSecond: inputs.senderPerSecond },
      { now: () => agenda.now, sleep: () => Promise.resolve() },
    ),
  }));

  const toSender = new PushSubscription<Photo>(
    agenda,
    inputs.push,
    (p, _attempt, done) =>
      sender.request(
        (inst, free) => sendSticker(inst.pacer, p, (ok) => (free(ok), done(ok))),
        () => done(false),
      ),
    () => undefined,
  );
  const toMatting = new PushSubscription<Photo>(
    agenda,
    inputs.push,
    (p, _attempt, done) =>
      matting.request(
        (_inst, free) =>
          agenda.after(draw.matting(), () => {
            free(true);
            done(true);
            agenda.after(inputs.hopMs.pubsub, () => toSender.publish(p));
          }),
        () => done(false),
      ),
    () => undefined,
  );

  /** One push to a sender instance: pace, send, on 429 wait inline (≤ 3 s, 3 tries) or fail. */
  function sendSticker(pacer: Pacer, p: Photo, done: (ok: boolean) => void, attempt = 1): void {
    let wait: number;
    try {
      wait = pacer.reserve(p.chatId);
    } catch {
      return done(false);
    }
    const work = draw.sender();
    agenda.after(wait + work / 2, () => {
      const outcome = flood.send(p.chatId, agenda.now);
      if (outcome.ok) {
        sends.push(agenda.now);
        p.deliveredAt ??= agenda.now;
        return agenda.after(work / 2, () => done(true));
      }
      pacer.pause(outcome.retryAfterSeconds);
      if (outcome.retryAfterSeconds > 3 || attempt >= 3) return done(false);
      agenda.after(outcome.retryAfterSeconds * 1000, () =>
        sendSticker(pacer, p, done, attempt + 1),
      );
    });
  }

  // Telegram posts updates to the webhook, at most `webhookConnections` at once, in order.
  const waiting: Photo[] = [];
  let inFlight = 0;
  const postNext = () => {
    while (inFlight < inputs.webhookConnections && waiting.length > 0) {
      const p = waiting.shift()!;
      inFlight++;
      const retry = () => (inFlight--, agenda.after(1000, () => (waiting.unshift(p), postNext())));
      agenda.after(inputs.hopMs.telegram, () =>
        webhook.request(
          (_inst, free) =>
            agenda.after(draw.webhook(), () => {
              free(true);
              inFlight--;
              postNext();
              agenda.after(inputs.hopMs.eventarc, () => toMatting.publish(p));
            }),
          retry,
        ),
      );
    }
  };
  const photos: Photo[] = [];
  for (let i = 0; i < work.photos; i++) {
    const p: Photo = {
      arrivedAt: random() * work.overS * 1000,
      chatId: 1 + Math.floor(random() * work.users),
    };
    photos.push(p);
    agenda.at(p.arrivedAt, () => (waiting.push(p), postNext()));
  }
  agenda.run();

  const delivered = photos.filter((p) => p.deliveredAt !== undefined);
  const latencies = delivered.map((p) => p.deliveredAt! - p.arrivedAt);
  const first = Math.min(...photos.map((p) => p.arrivedAt));
  const last = Math.max(...delivered.map((p) => p.deliveredAt!));
  const peaks = { webhook: webhook.peak, matting: matting.peak, sender: sender.peak };
  return {
    photos: work.photos,
    drain_s: Math.round((last - first) / 100) / 10,
    p50_ms: Math.round(quantile(latencies, 0.5)),
    p95_ms: Math.round(quantile(latencies, 0.95)),
    telegram_429: flood.refused,
    max_messages_per_s: maxPerWindow(sends),
    max_instances: peaks.webhook + peaks.matting + peaks.sender,
    lost: work.photos - delivered.length,
    instances: peaks,
    cold_starts: {
      webhook: webhook.coldStarts,
      matting: matting.coldStarts,
      sender: sender.coldStarts,
    },
    dead_lettered: toMatting.deadLettered + toSender.deadLettered,
    redeliveries: toMatting.failures + toSender.failures,
  };
}
