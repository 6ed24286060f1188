import { z } from 'zod';
import type { ObjectStore } from './storage';

/**
 * The durable record of one update's answer, in the stickers bucket under `sent/` (the
 * sender writes it; matting reads it before making a sticker): Pub/Sub and Eventarc
 * redeliver, and an instance's memory does not survive, so Storage objects under
 * generation preconditions are what make a redelivered reply a no-op.
 *
 * - `sent/<chat>/<update>.json`, the marker: created (ifGenerationMatch: 0) once the
 *   answer was sent. Kept for the whole time a redelivery can still come
 *   (deploy/lifecycle-stickers.json).
 * - `sent/<chat>/<update>.claim`, the claim: the right to send that answer, held by one
 *   delivery at a time, whose body says how far it got (ClaimState).
 */
export function sentMarkerName(chatId: number, updateId: number): string {
  return `sent/${chatId}/${updateId}.json`;
}

/** The claim object of one update (see sentMarkerName). */
export function claimMarkerName(chatId: number, updateId: number): string {
  return `sent/${chatId}/${updateId}.claim`;
}

/**
 * How far the holder of a claim got:
 * - `claimed`: nothing sent yet. Once its lease has run out, another delivery may take
 *   it over and send.
 * - `sending`: the Bot API call was about to start. If its holder vanished (the claim
 *   outlived its lease), nobody can know whether Telegram got the call: it is never sent
 *   again, so a crash right after sendSticker cannot answer twice.
 * - `sent`: the answer went out and the marker could not be written: the claim itself is
 *   the record and is never taken over.
 */
export const ClaimStateSchema = z.enum(['claimed', 'sending', 'sent']);
export type ClaimState = z.infer<typeof ClaimStateSchema>;

const ClaimBodySchema = z.object({
  state: ClaimStateSchema.catch('claimed'),
  /** who wrote it: a write retried after a lost answer finds its own claim by this */
  holder: z.string().optional(),
  at: z.string().optional(),
  messageId: z.number().int().optional(),
});
export type ClaimBody = z.infer<typeof ClaimBodySchema>;

/** A claim's body as stored. */
export function encodeClaim(state: ClaimState, holder: string, messageId?: number): Buffer {
  const at = new Date().toISOString();
  return Buffer.from(JSON.stringify({ state, holder, at, ...(messageId && { messageId }) }));
}

/**
 * A stored claim's body. One this code cannot read (a claim written before states
 * existed, or damaged) counts as `claimed`: what it meant before, a send not yet done.
 */
export function decodeClaim(data: Buffer): ClaimBody {
  try {
    const parsed = ClaimBodySchema.safeParse(JSON.parse(data.toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    /* not JSON */
  }
  return { state: 'claimed' };
}

/** Whether this update's answer is known to be sent (its marker exists). */
export function isDelivered(
  store: Pick<ObjectStore, 'exists'>,
  bucket: string,
  chatId: number,
  updateId: number,
): Promise<boolean> {
  return store.exists(bucket, sentMarkerName(chatId, updateId));
}
