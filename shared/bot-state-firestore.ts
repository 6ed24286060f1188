import { Firestore, Timestamp } from '@google-cloud/firestore';
import {
  DEFAULT_CHAT_SETTINGS,
  decidePackAdd,
  packAddGo,
  decidePhotoSlot,
  fairUseKey,
  type BotState,
  type FairUseHits,
  type PackRecord,
  type PackStickerRecord,
} from './bot-state';
import { recordApiCall } from './api-calls';
import { firestorePackState } from './pack-state-firestore';
import { readUserPacks, withAdded } from './pack-state';

/**
 * Documents (all small; nothing about a photo itself is kept):
 * - `chats/{chatId}`: { outline, updatedAt }
 * - `users/{userId}`: { packs: PackRecord[], added: AddedSticker[] (newest last),
 *   current?, pending?, updatedAt } (shared/pack-state.ts)
 * - `users/{userId}/packStickers/{fileUniqueId}`: { state: adding|added, at, set, added? };
 *   a live `adding` claim also holds off the user's other adds (shared/bot-state.ts)
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
  const state: BotState = {
    ...chatState(db),
    ...fairUseState(db),
    ...packState(db),
    ...firestorePackState(db, refs(db)),
    forgetUser: (userId) => forgetUser(db, userId),
  };
  return { client: db, ...recorded(state, opts.databaseId ?? '(default)') };
}

// Firestore's IAM (cloud.google.com/firestore/docs/security/iam): a transaction needs
// datastore.databases.get to begin or roll back; set() with merge may create or update.
const TX = 'datastore.databases.get';
const GET = 'datastore.entities.get';
const UPSERT = ['datastore.entities.create', 'datastore.entities.update'];
const LIST = 'datastore.entities.list';
const DELETE = 'datastore.entities.delete';

/** The permissions each operation's Firestore calls need, for the local stack's check. */
const PERMISSIONS: Record<keyof BotState, readonly string[]> = {
  chatSettings: [GET],
  setOutline: [TX, GET, ...UPSERT],
  takePhotoSlot: [TX, GET, ...UPSERT],
  packs: [GET],
  beginPackAdd: [TX, GET, LIST, ...UPSERT],
  finishPackAdd: UPSERT,
  abortPackAdd: [DELETE],
  userPacks: [GET],
  addedFrom: [GET],
  forgetSticker: [TX, GET, LIST, ...UPSERT, DELETE],
  forgetPack: [TX, GET, LIST, ...UPSERT, DELETE],
  renamePack: [TX, GET, ...UPSERT],
  setCurrentPack: [TX, GET, ...UPSERT],
  setPending: [TX, GET, ...UPSERT],
  // recursiveDelete lists the user's documents and deletes them; then two deletes.
  forgetUser: [GET, LIST, DELETE],
};

/** The same state, each operation recorded first (shared/api-calls.ts). */
function recorded(state: BotState, database: string): BotState {
  const out = {} as Record<string, unknown>;
  for (const key of Object.keys(PERMISSIONS) as (keyof BotState)[]) {
    out[key] = (...args: unknown[]) => {
      recordApiCall({
        method: key,
        permissions: PERMISSIONS[key],
        target: { service: 'datastore', database },
      });
      return (state[key] as (...a: unknown[]) => unknown).apply(state, args);
    };
  }
  return out as unknown as BotState;
}

/** The documents of the bot's collections, by key. */
export type Refs = ReturnType<typeof refs>;

function refs(db: Firestore) {
  const user = (userId: number) => db.collection(COLLECTIONS.users).doc(String(userId));
  return {
    chat: (chatId: number) => db.collection(COLLECTIONS.chats).doc(String(chatId)),
    user,
    packSticker: (userId: number, key: string) =>
      user(userId).collection(COLLECTIONS.packStickers).doc(key),
    packStickers: (userId: number) => user(userId).collection(COLLECTIONS.packStickers),
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
  const { user, packSticker, packStickers } = refs(db);
  return {
    async packs(userId) {
      return packsOf((await user(userId).get()).data());
    },

    beginPackAdd(userId, stickerKey, leaseMs, now = Date.now()) {
      return db.runTransaction(async (tx) => {
        const stickerRef = packSticker(userId, stickerKey);
        const [[userSnap, stickerSnap], adding] = await Promise.all([
          tx.getAll(user(userId), stickerRef),
          tx.get(packStickers(userId).where('state', '==', 'adding')),
        ]);
        const record = stickerSnap?.data() as PackStickerRecord | undefined;
        const others = adding.docs
          .filter((d) => d.id !== stickerKey)
          .map((d) => d.data() as PackStickerRecord);
        const decision = decidePackAdd(record, others, leaseMs, now);
        if (decision === 'already') return { status: 'already', set: record?.set ?? '' } as const;
        if (decision !== 'go') return { status: decision };
        tx.set(stickerRef, { state: 'adding', at: now });
        // Written by every claim, so two claims of one user at once conflict on this
        // document and one transaction is retried (then it sees the other's claim).
        tx.set(user(userId), { updatedAt: Timestamp.now() }, { merge: true });
        return packAddGo(readUserPacks(userSnap?.data()));
      });
    },

    finishPackAdd(userId, stickerKey, set, packs, added) {
      return db.runTransaction(async (tx) => {
        const doc = withAdded(readUserPacks((await tx.get(user(userId))).data()), packs, added);
        tx.set(user(userId), { ...doc, updatedAt: Timestamp.now() });
        tx.set(packSticker(userId, stickerKey), {
          state: 'added',
          at: Date.now(),
          set,
          ...(added && { added }),
        });
      });
    },

    async abortPackAdd(userId, stickerKey) {
      await packSticker(userId, stickerKey).delete();
    },
  };
}
