import { Firestore, Timestamp } from '@google-cloud/firestore';
import {
  DEFAULT_CHAT_SETTINGS,
  decidePackAdd,
  decidePhotoSlot,
  fairUseKey,
  type BotState,
  type FairUseHits,
  type PackRecord,
  type PackStickerRecord,
} from './bot-state';

/**
 * Documents (all small; nothing about a photo itself is kept):
 * - `chats/{chatId}`: { outline, updatedAt }
 * - `users/{userId}`: { packs: PackRecord[], updatedAt }
 * - `users/{userId}/packStickers/{fileUniqueId}`: { state: adding|added, at, set }
 * - `fairUse/{userKey}`: { hits: {updateId: ms}, expireAt } — a TTL policy on expireAt
 *   (set by deploy) deletes idle counters, so nothing accumulates at rest.
 */
export const COLLECTIONS = {
  chats: 'chats',
  users: 'users',
  packStickers: 'packStickers',
  fairUse: 'fairUse',
} as const;

export interface FirestoreStateOptions {
  projectId?: string;
  databaseId?: string;
  /** an existing client (tests); otherwise one is made (gRPC, as against the emulator) */
  client?: Firestore;
}

/**
 * Firestore-backed BotState. Read-modify-write steps run in transactions, so two
 * instances handling the same user at once (a double tap, a burst of photos spread over
 * instances) see each other's writes. Honours FIRESTORE_EMULATOR_HOST like any client.
 */
export function createFirestoreBotState(opts: FirestoreStateOptions = {}): BotState & {
  client: Firestore;
} {
  const db =
    opts.client ??
    new Firestore({
      ...(opts.projectId && { projectId: opts.projectId }),
      ...(opts.databaseId && { databaseId: opts.databaseId }),
      ignoreUndefinedProperties: true,
    });
  return {
    client: db,
    ...chatState(db),
    ...fairUseState(db),
    ...packState(db),
    forgetUser: (userId) => forgetUser(db, userId),
  };
}

/** The documents of the bot's collections, by key. */
function refs(db: Firestore) {
  const user = (userId: number) => db.collection(COLLECTIONS.users).doc(String(userId));
  return {
    chat: (chatId: number) => db.collection(COLLECTIONS.chats).doc(String(chatId)),
    user,
    packSticker: (userId: number, key: string) =>
      user(userId).collection(COLLECTIONS.packStickers).doc(key),
    fairUse: (userKey: string) => db.collection(COLLECTIONS.fairUse).doc(userKey),
  };
}

function packsOf(data: FirebaseFirestore.DocumentData | undefined): PackRecord[] {
  return Array.isArray(data?.packs)
    ? (data.packs as PackRecord[]).map(({ name, title, count }) => ({ name, title, count }))
    : [];
}

/** Deletes a user's documents: users/{id} with its packStickers, chats/{id}, fairUse/u{id}. */
async function forgetUser(db: Firestore, userId: number): Promise<void> {
  const { user, chat, fairUse } = refs(db);
  await db.recursiveDelete(user(userId));
  await Promise.all([chat(userId).delete(), fairUse(fairUseKey(userId)).delete()]);
}

function chatState(db: Firestore): Pick<BotState, 'chatSettings' | 'setOutline'> {
  const { chat } = refs(db);
  return {
    async chatSettings(chatId) {
      const snap = await chat(chatId).get();
      const outline: unknown = snap.get('outline');
      return { ...DEFAULT_CHAT_SETTINGS, ...(typeof outline === 'boolean' && { outline }) };
    },

    setOutline(chatId, outline) {
      return db.runTransaction(async (tx) => {
        const ref = chat(chatId);
        let next = outline;
        if (next === undefined) {
          const current: unknown = (await tx.get(ref)).get('outline');
          next = !(typeof current === 'boolean' ? current : DEFAULT_CHAT_SETTINGS.outline);
        }
        tx.set(ref, { outline: next, updatedAt: Timestamp.now() }, { merge: true });
        return next;
      });
    },
  };
}

function fairUseState(db: Firestore): Pick<BotState, 'takePhotoSlot'> {
  const { fairUse } = refs(db);
  return {
    takePhotoSlot(userKey, updateId, rule, now = Date.now()) {
      if (rule.limit <= 0) return Promise.resolve({ allowed: true });
      return db.runTransaction(async (tx) => {
        const ref = fairUse(userKey);
        const stored = (await tx.get(ref)).get('hits') as FairUseHits | undefined;
        const { slot, hits } = decidePhotoSlot(stored, updateId, rule, now);
        if (slot.allowed) {
          tx.set(ref, { hits, expireAt: Timestamp.fromMillis(now + rule.windowMs) });
        }
        return slot;
      });
    },
  };
}

function packState(
  db: Firestore,
): Pick<BotState, 'packs' | 'beginPackAdd' | 'finishPackAdd' | 'abortPackAdd'> {
  const { user, packSticker } = refs(db);
  return {
    async packs(userId) {
      return packsOf((await user(userId).get()).data());
    },

    beginPackAdd(userId, stickerKey, leaseMs, now = Date.now()) {
      return db.runTransaction(async (tx) => {
        const stickerRef = packSticker(userId, stickerKey);
        const [userSnap, stickerSnap] = await tx.getAll(user(userId), stickerRef);
        const record = stickerSnap?.data() as PackStickerRecord | undefined;
        const decision = decidePackAdd(record, leaseMs, now);
        if (decision === 'already') return { status: 'already', set: record?.set ?? '' } as const;
        if (decision === 'busy') return { status: 'busy' } as const;
        tx.set(stickerRef, { state: 'adding', at: now });
        return { status: 'go', packs: packsOf(userSnap?.data()) } as const;
      });
    },

    async finishPackAdd(userId, stickerKey, set, packs) {
      const batch = db.batch();
      batch.set(user(userId), { packs, updatedAt: Timestamp.now() }, { merge: true });
      batch.set(packSticker(userId, stickerKey), { state: 'added', at: Date.now(), set });
      await batch.commit();
    },

    async abortPackAdd(userId, stickerKey) {
      await packSticker(userId, stickerKey).delete();
    },
  };
}
