import type { ObjectStore } from '../../shared/storage';

/**
 * Takes the exclusive right to answer this update: a claim object created with
 * ifGenerationMatch: 0, so of two concurrent deliveries (a republished reply, a
 * redelivery while the first is still sending) only one sends. A claim left behind by
 * an instance that died mid-send is taken over once its lease has expired.
 */
export async function claimDelivery(
  store: ObjectStore,
  bucket: string,
  name: string,
  leaseMs: number,
): Promise<boolean> {
  const body = Buffer.from(JSON.stringify({ at: new Date().toISOString() }));
  for (let attempt = 0; attempt < 2; attempt++) {
    if (
      (await store.create(bucket, name, body, { contentType: 'application/json' })) === 'created'
    ) {
      return true;
    }
    const held = await store.stat(bucket, name);
    if (held && Date.now() - held.created.getTime() < leaseMs) return false;
    if (held) await store.remove(bucket, name, { ifGenerationMatch: held.generation });
  }
  return false;
}
