/**
 * The update queue between the emulated users and the bot. Mirrors Telegram:
 * updates wait while no webhook is set, go out one at a time per chat and in
 * order, are retried with backoff on any non-2xx answer or network error, and
 * can be fetched with getUpdates instead when no webhook is set.
 */
import type { WebhookInfo } from 'telegraf/types';
import type { WebhookDelivery, WebhookRetryOptions } from './types.js';
import {
  createAgents,
  destroyAgents,
  postUpdate,
  type DeliveryAgents,
  type WebhookReplyHandler,
} from './webhook-post.js';

/** An update as queued; only `update_id` is assumed. */
export type RawUpdate = { update_id: number } & Record<string, unknown>;

/** A webhook registration as setWebhook stores it. */
export interface WebhookConfig {
  url: string;
  secretToken?: string;
  maxConnections: number;
}

interface Entry {
  update: RawUpdate;
  /** Ordering key: updates of one chat never overtake each other. */
  lane: string;
  delivery: WebhookDelivery;
}

/** Update types sent when allowed_updates is empty: all but these, per the Bot API docs. */
const OPT_IN_TYPES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

/** Queue settings; the retry policy is resolved to numbers by the caller. */
export interface UpdateQueueOptions {
  retry: Required<WebhookRetryOptions>;
  log: (line: Record<string, unknown>) => void;
  onWebhookReply: WebhookReplyHandler;
}

/** Holds updates until the bot has them, by webhook or by getUpdates. */
export class UpdateQueue {
  private webhook: WebhookConfig | undefined;
  private allowedUpdates: string[] | undefined;
  private lastError: { date: number; message: string } | undefined;
  private readonly entries: Entry[] = [];
  private readonly lanes = new Map<string, Entry[]>();
  private readonly activeLanes = new Set<string>();
  private readonly sleepers = new Set<() => void>();
  private readonly waiters = new Set<() => void>();
  private readonly agents: DeliveryAgents = createAgents(100);
  private pending = 0;
  private closed = false;

  constructor(private readonly options: UpdateQueueOptions) {}

  /** Queues an update (or drops it at once if allowed_updates excludes its type). */
  enqueue(update: RawUpdate): WebhookDelivery {
    const delivery: WebhookDelivery = {
      updateId: update.update_id,
      attempts: 0,
      status: 'pending',
    };
    const entry: Entry = { update, lane: laneOf(update), delivery };
    this.entries.push(entry);
    if (!this.isAllowed(update)) {
      delivery.status = 'dropped';
      return delivery;
    }
    this.pending += 1;
    const lane = this.lanes.get(entry.lane) ?? [];
    lane.push(entry);
    this.lanes.set(entry.lane, lane);
    this.notify();
    this.pump();
    return delivery;
  }

  /** setWebhook; returns false when nothing changed ("Webhook is already set"). */
  setWebhook(config: WebhookConfig, allowed: string[] | undefined, drop: boolean): boolean {
    const before = this.webhook;
    const same =
      before?.url === config.url &&
      before.secretToken === config.secretToken &&
      before.maxConnections === config.maxConnections &&
      (allowed === undefined || sameList(allowed, this.allowedUpdates ?? []));
    this.webhook = config;
    if (allowed !== undefined) this.allowedUpdates = allowed;
    this.lastError = undefined;
    if (drop) this.dropPending();
    for (const wake of this.sleepers) wake();
    this.notify();
    this.pump();
    return !same;
  }

  /** deleteWebhook; returns false when no webhook was set. */
  deleteWebhook(drop: boolean): boolean {
    const had = this.webhook !== undefined;
    this.webhook = undefined;
    this.lastError = undefined;
    if (drop) this.dropPending();
    return had;
  }

  hasWebhook(): boolean {
    return this.webhook !== undefined;
  }

  /** The WebhookInfo object, with fields in Telegram's order. */
  info(): WebhookInfo {
    const hook = this.webhook;
    return {
      url: hook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: this.pending,
      ...(hook && { ip_address: '127.0.0.1' }),
      ...(this.lastError && {
        last_error_date: this.lastError.date,
        last_error_message: this.lastError.message,
      }),
      ...(hook && { max_connections: hook.maxConnections }),
      ...(this.allowedUpdates?.length && { allowed_updates: this.allowedUpdates }),
    };
  }

  /** Pending updates from `offset` on; confirms (forgets) those before it, like Telegram. */
  takeUpdates(offset: number, limit: number, allowed: string[] | undefined): RawUpdate[] {
    if (allowed !== undefined) this.allowedUpdates = allowed;
    const open = this.entries.filter((e) => e.delivery.status === 'pending');
    if (offset < 0) {
      const keep = open.slice(offset);
      for (const e of open.slice(0, open.length - keep.length)) this.finish(e, 'dropped');
      return keep.slice(0, limit).map((e) => e.update);
    }
    for (const e of open) if (e.update.update_id < offset) this.finish(e, 'delivered');
    return open
      .filter((e) => e.update.update_id >= offset)
      .slice(0, limit)
      .map((e) => e.update);
  }

  /** Resolves on the next enqueue, setWebhook or close, or after `ms`. */
  waitForChange(ms: number): Promise<void> {
    return this.closed ? Promise.resolve() : wakeableDelay(ms, this.waiters);
  }

  deliveries(): WebhookDelivery[] {
    return this.entries.map((e) => ({ ...e.delivery }));
  }

  pendingCount(): number {
    return this.pending;
  }

  /** Resolves once nothing is pending. */
  async idle(): Promise<void> {
    while (this.pending > 0 && !this.closed) await this.waitForChange(60_000);
  }

  /** Stops deliveries and timers; pending updates stay pending. */
  close(): void {
    this.closed = true;
    for (const wake of this.sleepers) wake();
    this.notify();
    destroyAgents(this.agents);
  }

  private isAllowed(update: RawUpdate): boolean {
    const type = Object.keys(update).find((k) => k !== 'update_id');
    if (type === undefined) return false;
    const allowed = this.allowedUpdates;
    return allowed?.length ? allowed.includes(type) : !OPT_IN_TYPES.has(type);
  }

  private dropPending(): void {
    for (const e of this.entries) if (e.delivery.status === 'pending') this.finish(e, 'dropped');
  }

  private finish(entry: Entry, status: 'delivered' | 'dropped'): void {
    if (entry.delivery.status !== 'pending') return;
    entry.delivery.status = status;
    this.pending -= 1;
    const lane = this.lanes.get(entry.lane);
    const at = lane?.indexOf(entry) ?? -1;
    if (lane && at >= 0) lane.splice(at, 1);
    if (lane?.length === 0) this.lanes.delete(entry.lane);
    this.notify();
  }

  private notify(): void {
    for (const wake of [...this.waiters]) wake();
  }

  private pump(): void {
    const hook = this.webhook;
    if (!hook || this.closed) return;
    for (const [name, lane] of this.lanes) {
      if (this.activeLanes.size >= hook.maxConnections) return;
      if (lane.length === 0 || this.activeLanes.has(name)) continue;
      this.activeLanes.add(name);
      void this.runLane(lane).finally(() => {
        this.activeLanes.delete(name);
        this.pump();
      });
    }
  }

  private async runLane(lane: Entry[]): Promise<void> {
    const { retry, log } = this.options;
    for (let entry = lane[0]; entry && this.webhook && !this.closed; entry = lane[0]) {
      const hook = this.webhook;
      entry.delivery.attempts += 1;
      const result = await postUpdate(
        hook.url,
        JSON.stringify(entry.update),
        hook.secretToken,
        this.agents,
        this.options.onWebhookReply,
      );
      if (this.closed) return;
      const { delivery } = entry;
      if (result.status !== undefined) delivery.lastStatus = result.status;
      if (result.ok) {
        log({
          severity: 'INFO',
          message: 'webhook delivered',
          updateId: delivery.updateId,
          attempts: delivery.attempts,
        });
        this.finish(entry, 'delivered');
        continue;
      }
      delivery.lastError = result.error;
      this.lastError = {
        date: Math.floor(Date.now() / 1000),
        message: result.error ?? 'Unknown error',
      };
      const giveUp = delivery.attempts >= retry.maxAttempts;
      log({
        severity: giveUp ? 'ERROR' : 'WARNING',
        message: giveUp ? 'webhook update dropped' : 'webhook delivery failed',
        updateId: delivery.updateId,
        attempts: delivery.attempts,
        status: result.status,
        error: result.error,
      });
      if (giveUp) {
        this.finish(entry, 'dropped');
        continue;
      }
      const pause = Math.min(
        retry.initialBackoffMs * 2 ** (delivery.attempts - 1),
        retry.maxBackoffMs,
      );
      await this.sleep(pause);
    }
  }

  private sleep(ms: number): Promise<void> {
    return wakeableDelay(ms, this.sleepers);
  }
}

/** Resolves after `ms`, or as soon as the wake-up it puts in `wakers` is called. */
function wakeableDelay(ms: number, wakers: Set<() => void>): Promise<void> {
  return new Promise((resolve) => {
    const wake = (): void => {
      clearTimeout(timer);
      wakers.delete(wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    wakers.add(wake);
  });
}

/** Chat of an update, whatever its type; updates without one share a lane. */
function laneOf(update: RawUpdate): string {
  for (const [key, value] of Object.entries(update)) {
    if (key === 'update_id' || typeof value !== 'object' || value === null) continue;
    const body = value as {
      chat?: { id?: unknown };
      message?: { chat?: { id?: unknown } };
      from?: { id?: unknown };
    };
    const id = body.chat?.id ?? body.message?.chat?.id ?? body.from?.id;
    if (typeof id === 'number' || typeof id === 'string') return `chat:${id}`;
  }
  return 'misc';
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
