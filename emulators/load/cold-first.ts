import type { Stack } from '../stack/stack';
import { collect, sendPhotos } from './load';
import { CHAIN } from './resources';
import { stopUntilFirstConnection } from './wake-on-connect';

/** User id of the one photo that measures the cold path (apart from the run's users). */
const COLD_USER = 80_000;

export interface ColdFirstSticker {
  /** update posted → sticker received, every function started by that photo */
  ms: number;
  /** spawn → listening of each function, inside that time */
  startMs: Record<string, number>;
}

/**
 * "First sticker after idle": every function of the chain is stopped, then one photo is
 * sent; each function starts only when the photo's request reaches it (as Cloud Run
 * scales from zero), so the photo pays three cold starts in series, each function's
 * first-request work (its handler loading, the model, the first Firestore and Storage
 * calls), and the emulators' own first calls.
 */
export async function measureColdFirstSticker(stack: Stack): Promise<ColdFirstSticker> {
  const wakers = await Promise.all(
    CHAIN.map(
      async (name) => [name, await stopUntilFirstConnection(stack.functions[name])] as const,
    ),
  );
  const sent = await sendPhotos(stack, {
    count: 1,
    users: 1,
    ratePerSec: 1,
    firstUserId: COLD_USER,
  });
  const t = await collect(stack, sent, { deadlineMs: 120_000, settleMs: 0 });
  const startMs: Record<string, number> = {};
  for (const [name, w] of wakers) startMs[name] = await w.woken;
  const ms = t.latencies[0];
  if (t.stickers !== 1 || ms === undefined) {
    throw new Error(`the cold-start photo got no sticker (${JSON.stringify(t)})`);
  }
  return { ms, startMs };
}
