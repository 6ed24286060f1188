import {
  NO_PACKS,
  withAdded,
  type AddedSticker,
  type PackEdit,
  type PackState,
  type UserPacks,
} from './pack-state';
import { memoryPackState } from './pack-state-memory';

/**
 * What the bot remembers between updates: per-chat settings (outline on or off), each
 * user's sticker packs, and the fair-use counter. One interface with two
 * implementations: Firestore in production and on the local stack
 * (shared/bot-state-firestore.ts), and memory for function-level tests. The decisions
 * themselves are pure functions here, so both implementations agree by construction.
 */

export interface ChatSettings {
  /** white outline around the person; on unless the chat turned it off */
  outline: boolean;
}

export const DEFAULT_CHAT_SETTINGS: ChatSettings = { outline: true };

/** One of a user's sticker sets, as created by the bot. */
export interface PackRecord {
  /** set name, `…_by_<bot>`; the link is https://t.me/addstickers/<name> */
  name: string;
  title: string;
  /** stickers the bot added (Telegram is the authority: it says when a set is full) */
  count: number;
}

/** The fair-use window: the setting counts photos per minute (FAIR_USE_PHOTOS_PER_MINUTE). */
export const FAIR_USE_WINDOW_MS = 60_000;

export interface FairUseRule {
  /** photos allowed per user in any window; 0 turns the rule off */
  limit: number;
  windowMs: number;
}

export type PhotoSlot = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Outcome of asking to add one sticker (by its file_unique_id) to a user's pack: `wait`
 * while another sticker of the same user is being added (from another chat, on another
 * instance). Adds of one user run one at a time, because the bot finds the sticker it
 * just added as the last one of the set (Telegram's answer to an add names none), and two
 * adds at once would each find the other's.
 */
export type PackAddStart =
  | { status: 'go'; packs: PackRecord[]; current?: string; retired?: string[] }
  | { status: 'already'; set: string }
  | { status: 'busy' }
  | { status: 'wait' };

export interface BotState extends PackState {
  chatSettings(chatId: number): Promise<ChatSettings>;
  /** Sets the outline, or flips it when `outline` is undefined; returns the new value. */
  setOutline(chatId: number, outline?: boolean): Promise<boolean>;
  /**
   * Counts one photo for `userKey` unless the rule's limit is reached. Keyed by update
   * id, so Telegram redelivering the same update is not counted twice.
   */
  takePhotoSlot(
    userKey: string,
    updateId: number,
    rule: FairUseRule,
    now?: number,
  ): Promise<PhotoSlot>;
  packs(userId: number): Promise<PackRecord[]>;
  /**
   * Claims the right to add one sticker to the user's pack (a double tap, or a redelivered
   * callback, must not add it twice). `busy` while another claim on this sticker is
   * younger than the lease, `wait` while one on another sticker of the user is.
   */
  beginPackAdd(
    userId: number,
    stickerKey: string,
    leaseMs: number,
    now?: number,
  ): Promise<PackAddStart>;
  /**
   * Records the sticker as added to `set`, with the user's packs as they now are; `added`
   * (the sticker as it is in the set) goes on top of the undo list.
   */
  finishPackAdd(
    userId: number,
    stickerKey: string,
    set: string,
    packs: PackRecord[],
    added?: AddedSticker,
  ): Promise<void>;
  /** Releases a claim after a failed add, so that the next press tries again at once. */
  abortPackAdd(userId: number, stickerKey: string): Promise<void>;
  /**
   * /forget: deletes everything kept about a user: their packs list and the record of
   * stickers added to packs, the settings of their private chat (chat id = user id) and
   * their fair-use counter. A group's settings belong to the group and stay.
   */
  forgetUser(userId: number): Promise<void>;
}

/** The fair-use counter's key of a user (an anonymous group admin counts per chat: `c<id>`). */
export function fairUseKey(userId: number): string {
  return `u${userId}`;
}

/** Stored record of the photos a user sent recently: update id → time (ms). */
export type FairUseHits = Record<string, number>;

/**
 * The fair-use decision: drops hits older than the window, then allows the photo when it
 * was already counted (a redelivery) or the count is under the limit.
 */
export function decidePhotoSlot(
  stored: FairUseHits | undefined,
  updateId: number,
  rule: FairUseRule,
  now: number,
): { slot: PhotoSlot; hits: FairUseHits } {
  const hits: FairUseHits = {};
  for (const [id, at] of Object.entries(stored ?? {})) {
    if (typeof at === 'number' && now - at < rule.windowMs) hits[id] = at;
  }
  const key = String(updateId);
  if (rule.limit <= 0 || key in hits) return { slot: { allowed: true }, hits };
  const times = Object.values(hits).sort((a, b) => a - b);
  if (times.length >= rule.limit) {
    // The oldest hit that must leave the window before one more photo fits.
    const freedAt = (times[times.length - rule.limit] ?? now) + rule.windowMs;
    return { slot: { allowed: false, retryAfterMs: Math.max(freedAt - now, 1000) }, hits };
  }
  hits[key] = now;
  return { slot: { allowed: true }, hits };
}

/** Stored state of one sticker being added to a user's pack. */
export interface PackStickerRecord {
  state: 'adding' | 'added';
  at: number;
  set?: string;
  /** once added: the sticker as it is in the set */
  added?: AddedSticker;
}

/**
 * The pack-claim decision, given the sticker's record (if any) and the records of the
 * user's other stickers still being added.
 */
export function decidePackAdd(
  record: PackStickerRecord | undefined,
  others: readonly PackStickerRecord[],
  leaseMs: number,
  now: number,
): 'go' | 'already' | 'busy' | 'wait' {
  const live = (r: PackStickerRecord | undefined) => r?.state === 'adding' && now - r.at < leaseMs;
  if (record?.state === 'added') return 'already';
  if (live(record)) return 'busy';
  return others.some(live) ? 'wait' : 'go';
}

/** A claim that goes: what placing the sticker needs of the user's record. */
export function packAddGo({ packs, current, retired }: UserPacks): PackAddStart {
  return { status: 'go', packs, ...(current && { current }), ...(retired && { retired }) };
}

/** In-memory BotState for tests: each method is atomic (no await between read and write). */
export function createMemoryBotState(): BotState & { reset(): void } {
  const chats = new Map<number, ChatSettings>();
  const fairUse = new Map<string, FairUseHits>();
  const users = new Map<number, UserPacks>();
  const stickers = new Map<string, PackStickerRecord>();
  const doc = (userId: number) => users.get(userId) ?? NO_PACKS;
  const edit = (userId: number, change: PackEdit) => {
    users.set(userId, structuredClone(change(doc(userId))));
    return Promise.resolve();
  };
  return {
    reset() {
      for (const map of [chats, fairUse, users, stickers]) map.clear();
    },
    chatSettings: (chatId) => Promise.resolve({ ...(chats.get(chatId) ?? DEFAULT_CHAT_SETTINGS) }),
    setOutline(chatId, outline) {
      const next = outline ?? !(chats.get(chatId) ?? DEFAULT_CHAT_SETTINGS).outline;
      chats.set(chatId, { outline: next });
      return Promise.resolve(next);
    },
    takePhotoSlot(userKey, updateId, rule, now = Date.now()) {
      const { slot, hits } = decidePhotoSlot(fairUse.get(userKey), updateId, rule, now);
      fairUse.set(userKey, hits);
      return Promise.resolve(slot);
    },
    packs: (userId) => Promise.resolve(structuredClone(doc(userId).packs)),
    beginPackAdd: (userId, stickerKey, leaseMs, now = Date.now()) =>
      Promise.resolve(
        memoryPackAdd(stickers, doc(userId), `${userId}/${stickerKey}`, leaseMs, now),
      ),
    finishPackAdd(userId, stickerKey, set, packs, added) {
      stickers.set(`${userId}/${stickerKey}`, {
        state: 'added',
        at: Date.now(),
        set,
        ...(added && { added: { ...added } }),
      });
      return edit(userId, (d) => withAdded(d, packs, added));
    },
    abortPackAdd(userId, stickerKey) {
      stickers.delete(`${userId}/${stickerKey}`);
      return Promise.resolve();
    },
    forgetUser(userId) {
      users.delete(userId);
      for (const key of stickers.keys()) if (key.startsWith(`${userId}/`)) stickers.delete(key);
      chats.delete(userId);
      fairUse.delete(fairUseKey(userId));
      return Promise.resolve();
    },
    ...memoryPackState(doc, edit, () => stickers),
  };
}

/** beginPackAdd over the memory BotState's claims (keyed `<userId>/<stickerKey>`). */
function memoryPackAdd(
  claims: Map<string, PackStickerRecord>,
  user: UserPacks,
  key: string,
  leaseMs: number,
  now: number,
): PackAddStart {
  const record = claims.get(key);
  const prefix = key.slice(0, key.indexOf('/') + 1);
  const others = [...claims].flatMap(([k, r]) => (k !== key && k.startsWith(prefix) ? [r] : []));
  const decision = decidePackAdd(record, others, leaseMs, now);
  if (decision === 'already') return { status: 'already', set: record?.set ?? '' };
  if (decision !== 'go') return { status: decision };
  claims.set(key, { state: 'adding', at: now });
  return packAddGo(structuredClone(user));
}
