import { randomUUID } from 'node:crypto';
import { decodeClaim, encodeClaim, type ClaimState } from '../../shared/delivery-record';
import type { ObjectStore } from '../../shared/storage';

const JSON_TYPE = { contentType: 'application/json' };

/** What trying to claim an update's delivery gave. */
export type Claim =
  /** this delivery holds the claim, at this generation, and may send */
  | { kind: 'held'; generation: string; holder: string }
  /** another delivery holds it and its lease has not run out */
  | { kind: 'busy' }
  /**
   * the claim records a send (`sent`), or a send whose holder vanished mid-call
   * (`inDoubt`: an expired `sending` claim): either way nothing may be sent again
   */
  | { kind: 'recorded'; generation: string; inDoubt: boolean; messageId?: number };

/**
 * Takes the exclusive right to answer this update: a claim object created with
 * ifGenerationMatch: 0, so of two concurrent deliveries (a republished reply, a
 * redelivery while the first is still sending) only one sends. A `claimed` claim left
 * by an instance that died before sending is taken over once its lease has run out, by
 * deleting exactly the generation that was read (ifGenerationMatch); a `sending` or
 * `sent` one never is (shared/delivery-record.ts: ClaimState).
 */
export async function claimDelivery(
  store: ObjectStore,
  bucket: string,
  name: string,
  leaseMs: number,
): Promise<Claim> {
  const holder = randomUUID();
  for (let attempt = 0; attempt < 2; attempt++) {
    const made = await store.create(bucket, name, encodeClaim('claimed', holder), JSON_TYPE);
    if (made !== 'exists') return { kind: 'held', generation: made.generation, holder };
    const held = await store.read(bucket, name);
    if (!held) continue; // released in between: try again
    const { state, messageId, ...body } = decodeClaim(held.data);
    // Our own create, whose answer was lost and whose retry found it: held.
    if (body.holder === holder) return { kind: 'held', generation: held.generation, holder };
    const recorded = { kind: 'recorded' as const, generation: held.generation, messageId };
    if (state === 'sent') return { ...recorded, inDoubt: false };
    if (Date.now() - held.created.getTime() < leaseMs) return { kind: 'busy' };
    if (state === 'sending') return { ...recorded, inDoubt: true };
    await store.remove(bucket, name, { ifGenerationMatch: held.generation });
  }
  return { kind: 'busy' };
}

/**
 * Moves a held claim to `state` (a new generation, whose creation time restarts the
 * lease); null when the claim is no longer this holder's (taken over after its lease):
 * the precondition on its own generation fences out a holder that has been too slow.
 */
export async function advanceClaim(
  store: ObjectStore,
  bucket: string,
  name: string,
  claim: { generation: string; holder: string },
  state: Exclude<ClaimState, 'claimed'>,
  messageId?: number,
): Promise<string | null> {
  const made = await store.replace(bucket, name, encodeClaim(state, claim.holder, messageId), {
    ...JSON_TYPE,
    ifGenerationMatch: claim.generation,
  });
  if (made !== 'changed') return made.generation;
  // A write whose answer was lost is retried by the client and then fails its own
  // precondition: the claim is still ours if it says what we wrote.
  const now = await store.read(bucket, name);
  if (!now) return null;
  const body = decodeClaim(now.data);
  return body.holder === claim.holder && body.state === state ? now.generation : null;
}

/**
 * Gives a claim up so the next delivery may claim at once: only the generation this
 * holder wrote, so a holder can never delete a claim another delivery has since taken.
 */
export function releaseClaim(
  store: ObjectStore,
  bucket: string,
  name: string,
  generation: string,
): Promise<boolean> {
  return store.remove(bucket, name, { ifGenerationMatch: generation });
}
