import type { Stack } from '../stack/stack';
import { coldTimeline, type ColdTimeline } from './cold-timeline';
import { collect, sendPhotos } from './load';
import { CHAIN } from './resources';
import { stopUntilFirstConnection } from './wake-on-connect';

/** User id of the one photo that measures the cold path (apart from the run's users). */
const COLD_USER = 80_000;
/** User id of the photo that warms the emulators before it. */
const EMULATOR_WARM_USER = 80_001;

export interface ColdFirstSticker {
  /** update posted → sticker received, every function started by that photo */
  ms: number;
  /** spawn → listening of each function, inside that time */
  startMs: Record<string, number>;
  /** where that time went (cold-timeline.ts) */
  timeline: ColdTimeline;
}

/**
 * One photo through the chain as it stands; its update posted → sticker received. Then
 * `settleMs` more: the sender's push is acknowledged and its log lines are read.
 */
async function onePhoto(stack: Stack, userId: number, settleMs: number) {
  const sent = await sendPhotos(stack, { count: 1, users: 1, ratePerSec: 1, firstUserId: userId });
  const t = await collect(stack, sent, { deadlineMs: 120_000, settleMs });
  const ms = t.latencies[0];
  if (t.stickers !== 1 || ms === undefined) {
    throw new Error(`the cold-start photo got no sticker (${JSON.stringify(t)})`);
  }
  return { ms, photo: sent[0]! };
}

/**
 * "First sticker after idle": every function of the chain is stopped, then one photo is
 * sent; each function starts only when the photo's request reaches it (as Cloud Run
 * scales from zero), so the photo pays three cold starts in series, each function's
 * first-request work (its handler loading, the model, the first Firestore and Storage
 * calls), and the emulators' delivery.
 *
 * Google's services are warm when a function wakes; the local emulators are not (the
 * Firestore and Pub/Sub emulators are JVMs whose first calls take seconds while they
 * compile, the instances the stack started may not have called them yet). So one photo
 * goes through the chain first, and only the functions are then stopped: the cold photo
 * measures the functions' cold path, not the emulators' own warm-up.
 */
export async function measureColdFirstSticker(stack: Stack): Promise<ColdFirstSticker> {
  // Settled, so no push of it is still open when the sender stops (a redelivery would
  // then wake the sender before the cold photo's reply).
  await onePhoto(stack, EMULATOR_WARM_USER, 3000);
  const wakers = await Promise.all(
    CHAIN.map(
      async (name) => [name, await stopUntilFirstConnection(stack.functions[name])] as const,
    ),
  );
  const { ms, photo } = await onePhoto(stack, COLD_USER, 1000);
  const startMs: Record<string, number> = {};
  for (const [name, w] of wakers) startMs[name] = await w.woken;
  const woken = Object.fromEntries(
    wakers.map(([name, w]) => [
      name,
      { fn: stack.functions[name], connectedAt: w.connectedAt(), startMs: startMs[name]! },
    ]),
  ) as Parameters<typeof coldTimeline>[0];
  const timeline = coldTimeline(woken, {
    updateId: photo.updateId,
    sentAt: photo.sentAt,
    receivedAt: photo.sentAt + ms,
  });
  return { ms, startMs, timeline };
}
