import { Timestamp, type Firestore, type Transaction } from '@google-cloud/firestore';
import type { Refs } from './bot-state-firestore';
import type { PackStickerRecord } from './bot-state';
import {
  readUserPacks,
  packRecordEdits,
  withoutPack,
  withoutSticker,
  type AddedSticker,
  type PackEdit,
  type PackState,
  type UserPacks,
} from './pack-state';

/**
 * The PackState half of the Firestore BotState: each change reads `users/{id}` and
 * writes it back in one transaction, with the sticker claims
 * (`users/{id}/packStickers/*`) that go with it, so two instances editing the same
 * user's packs at once (an /undo and a press) do not lose each other's writes.
 */
export function firestorePackState(
  db: Firestore,
  refs: Pick<Refs, 'user' | 'packSticker' | 'packStickers'>,
) {
  const { user, packSticker, packStickers: claims } = refs;
  const write = (tx: Transaction, userId: number, doc: UserPacks) =>
    tx.set(user(userId), { ...doc, updatedAt: Timestamp.now() });
  const edit = (userId: number, change: PackEdit) =>
    db.runTransaction(async (tx) => {
      write(tx, userId, change(readUserPacks((await tx.get(user(userId))).data())));
    });

  const state: PackState = {
    async userPacks(userId) {
      return readUserPacks((await user(userId).get()).data());
    },

    async addedFrom(userId, source) {
      const record = (await packSticker(userId, source).get()).data() as
        PackStickerRecord | undefined;
      return record?.state === 'added' ? record.added : undefined;
    },

    forgetSticker(userId, set, uniqueId) {
      return db.runTransaction(async (tx) => {
        const [snap, found] = await Promise.all([
          tx.get(user(userId)),
          tx.get(claims(userId).where('added.uniqueId', '==', uniqueId)),
        ]);
        const { doc, removed } = withoutSticker(readUserPacks(snap.data()), set, uniqueId);
        for (const claim of found.docs) tx.delete(claim.ref);
        write(tx, userId, doc);
        const claimed = found.docs[0]?.get('added') as AddedSticker | undefined;
        return removed ?? claimed;
      });
    },

    forgetPack(userId, set) {
      return db.runTransaction(async (tx) => {
        const [snap, found] = await Promise.all([
          tx.get(user(userId)),
          tx.get(claims(userId).where('set', '==', set)),
        ]);
        for (const claim of found.docs) tx.delete(claim.ref);
        write(tx, userId, withoutPack(readUserPacks(snap.data()), set));
      });
    },

    ...packRecordEdits(edit),
  };
  return state;
}
