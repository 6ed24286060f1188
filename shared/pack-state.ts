/**
 * What the bot keeps about a user's packs beyond the list itself (issue 15): the stickers
 * it added, newest last (for /undo and for taking one out again), the pack new stickers
 * go to, and a question the bot asked and waits to have answered (new emoji, a new
 * title). Pure functions over one user's record, so the memory and Firestore
 * implementations of BotState agree by construction.
 */
import type { PackRecord } from './bot-state';

/** One sticker the bot put in a user's pack. */
export interface AddedSticker {
  /** the set it is in */
  set: string;
  /** the sticker in the set: what deleteStickerFromSet and the other edits take */
  fileId: string;
  /** its file_unique_id, the same for every bot and user that sees it */
  uniqueId: string;
  /** file_unique_id of the sticker message it was added from (the pack claim's key) */
  source: string;
  /** the message with the "Add to my pack" button, to turn the button back */
  chatId?: number;
  messageId?: number;
  /** the user's photo (in chatId) the sticker was made from: its caption gives the keywords */
  photoMessageId?: number;
}

/** How far /undo goes back: the newest adds kept per user (older ones stay in the pack). */
export const MAX_UNDO = 100;

/** How long the bot waits for an answer it asked for (new emoji, new title). */
export const PENDING_INPUT_MS = 10 * 60_000;

/** A question the bot asked the user, answered by their next text message. */
export type PendingInput =
  | { kind: 'emoji'; set: string; fileId: string; at: number }
  | { kind: 'title'; set: string; at: number };

/** One user's pack record as stored (Firestore document `users/{id}`). */
export interface UserPacks {
  packs: PackRecord[];
  added: AddedSticker[];
  /** the pack new stickers go to; the newest with room when unset or full */
  current?: string;
  pending?: PendingInput;
  /** names of deleted packs: Telegram keeps a deleted set's name taken, so never reuse one */
  retired?: string[];
}

/** How many deleted pack names are remembered. */
export const MAX_RETIRED = 50;

export const NO_PACKS: UserPacks = { packs: [], added: [] };

/** Reads a stored record defensively: anything malformed is left out, not trusted. */
export function readUserPacks(data: Record<string, unknown> | undefined): UserPacks {
  const packs = Array.isArray(data?.packs)
    ? (data.packs as PackRecord[])
        .filter((p) => typeof p?.name === 'string')
        .map(({ name, title, count }) => ({ name, title, count }))
    : [];
  const added = Array.isArray(data?.added)
    ? (data.added as AddedSticker[]).filter(
        (a) => typeof a?.fileId === 'string' && typeof a.set === 'string',
      )
    : [];
  const current = typeof data?.current === 'string' ? data.current : undefined;
  const pending = readPending(data?.pending);
  const retired = Array.isArray(data?.retired)
    ? (data.retired as unknown[]).filter((n): n is string => typeof n === 'string')
    : [];
  return {
    packs,
    added,
    ...(current && { current }),
    ...(pending && { pending }),
    ...(retired.length > 0 && { retired }),
  };
}

function readPending(value: unknown): PendingInput | undefined {
  const p = value as Partial<PendingInput> | undefined;
  if (typeof p?.set !== 'string' || typeof p.at !== 'number') return undefined;
  if (p.kind === 'title') return { kind: 'title', set: p.set, at: p.at };
  if (p.kind === 'emoji' && typeof p.fileId === 'string') {
    return { kind: 'emoji', set: p.set, fileId: p.fileId, at: p.at };
  }
  return undefined;
}

/** The record after an add: the packs as placed, the sticker on top of the undo list. */
export function withAdded(doc: UserPacks, packs: PackRecord[], sticker?: AddedSticker): UserPacks {
  const added = sticker
    ? [...doc.added.filter((a) => a.uniqueId !== sticker.uniqueId), sticker].slice(-MAX_UNDO)
    : doc.added;
  return { ...doc, packs: packs.map((p) => ({ ...p })), added };
}

/**
 * The record after a sticker left its set: out of the undo list, one fewer in its pack.
 * `removed` is what the bot knew about it (to turn its button back), if anything.
 */
export function withoutSticker(
  doc: UserPacks,
  set: string,
  uniqueId: string,
): { doc: UserPacks; removed?: AddedSticker } {
  const removed = doc.added.find((a) => a.uniqueId === uniqueId);
  const packs = doc.packs.map((p) =>
    p.name === set ? { ...p, count: Math.max(0, p.count - 1) } : { ...p },
  );
  const added = doc.added.filter((a) => a.uniqueId !== uniqueId);
  return { doc: { ...doc, packs, added }, ...(removed && { removed }) };
}

/** The record after a pack was deleted: gone from the list, the undo list and `current`. */
export function withoutPack(doc: UserPacks, set: string): UserPacks {
  const { current, pending, ...rest } = doc;
  return {
    ...rest,
    retired: [...(doc.retired ?? []).filter((n) => n !== set), set].slice(-MAX_RETIRED),
    packs: doc.packs.filter((p) => p.name !== set),
    added: doc.added.filter((a) => a.set !== set),
    ...(current && current !== set && { current }),
    ...(pending && pending.set !== set && { pending }),
  };
}

/** The record after a rename. */
export function withTitle(doc: UserPacks, set: string, title: string): UserPacks {
  return { ...doc, packs: doc.packs.map((p) => (p.name === set ? { ...p, title } : { ...p })) };
}

/** The pending question, unless it is older than {@link PENDING_INPUT_MS}. */
export function livePending(doc: UserPacks, now: number): PendingInput | undefined {
  const p = doc.pending;
  return p && now - p.at < PENDING_INPUT_MS && now >= p.at ? p : undefined;
}

/** How a user's pack record changes; every change is one atomic read-modify-write. */
export type PackEdit = (doc: UserPacks) => UserPacks;

/** The pack-record part of BotState (shared/bot-state.ts). */
export interface PackState {
  /** The user's whole pack record. */
  userPacks(userId: number): Promise<UserPacks>;
  /** The sticker added from the sticker message with this file_unique_id, if any. */
  addedFrom(userId: number, source: string): Promise<AddedSticker | undefined>;
  /**
   * Forgets a sticker that left its set (undo, remove): out of the undo list, its pack's
   * count lowered, and its source free to be added again. Returns what was known of it.
   */
  forgetSticker(userId: number, set: string, uniqueId: string): Promise<AddedSticker | undefined>;
  /** Forgets a deleted pack with everything added to it. */
  forgetPack(userId: number, set: string): Promise<void>;
  renamePack(userId: number, set: string, title: string): Promise<void>;
  /** The pack new stickers go to. */
  setCurrentPack(userId: number, set: string): Promise<void>;
  /** Remembers (or, with undefined, drops) the question the bot waits to have answered. */
  setPending(userId: number, pending: PendingInput | undefined): Promise<void>;
}

/** The PackState methods that are one edit of the record, written once for every store. */
export function packRecordEdits(
  edit: (userId: number, change: PackEdit) => Promise<void>,
): Pick<PackState, 'renamePack' | 'setCurrentPack' | 'setPending'> {
  return {
    renamePack: (userId, set, title) => edit(userId, (d) => withTitle(d, set, title)),
    setCurrentPack: (userId, set) => edit(userId, (d) => ({ ...d, current: set })),
    setPending: (userId, pending) =>
      edit(userId, ({ pending: _old, ...d }) => ({ ...d, ...(pending && { pending }) })),
  };
}
