/**
 * Sticker sets the bot created on behalf of users, as Telegram keeps them:
 * names are unique case-insensitively (and a deleted set's name stays taken),
 * each set has one owner, and every sticker in a set is its own file with its
 * own file_id. Every change is reported to `observe`, so the chat page can
 * redraw a set the moment the bot edits it.
 */
import { toPhotoSize, toSticker } from './input-file.js';
import type { StoredFile } from './store.js';
import type { StickerSetContents, StickerSetObject } from './types.js';

/** A sticker of a set: its own stored file plus its emoji and keywords. */
export interface SetSticker {
  file: StoredFile;
  emojiList: string[];
  keywords: string[];
  /**
   * file_unique_id of the file it was made from. The Bot API: "if exactly the same sticker
   * had already been added to the set, then the set isn't changed".
   */
  sourceUniqueId?: string;
}

/** One sticker set. */
export interface StickerSetRecord {
  name: string;
  title: string;
  ownerId: number;
  stickerType: 'regular';
  stickers: SetSticker[];
  /** Set by setStickerSetThumbnail; without one, clients show the first sticker. */
  thumbnail?: StoredFile;
}

/** What changed, for observers; `deleted` when the whole set went. */
export interface SetChange {
  name: string;
  ownerId: number;
  deleted?: boolean;
}

/** A sticker found by its file: the set it is in and where. */
export interface StickerPlace {
  set: StickerSetRecord;
  index: number;
  sticker: SetSticker;
}

/** Every sticker set in the emulator, by lower-cased name. */
export class StickerSets {
  private readonly sets = new Map<string, StickerSetRecord>();
  private readonly setOfFile = new Map<string, StickerSetRecord>();
  /** Names of deleted sets: Telegram does not hand them out again. */
  private readonly retired = new Set<string>();

  constructor(private readonly observe: (change: SetChange) => void = () => undefined) {}

  get(name: string): StickerSetRecord | undefined {
    return this.sets.get(name.toLowerCase());
  }

  /** False for a name in use or used by a deleted set. */
  isFree(name: string): boolean {
    return !this.sets.has(name.toLowerCase()) && !this.retired.has(name.toLowerCase());
  }

  /** Adds a set; the caller has checked the name is free. */
  create(record: StickerSetRecord): void {
    this.sets.set(record.name.toLowerCase(), record);
    for (const s of record.stickers) this.noteFile(record, s);
    this.changed(record);
  }

  add(record: StickerSetRecord, sticker: SetSticker): void {
    record.stickers.push(sticker);
    this.noteFile(record, sticker);
    this.changed(record);
  }

  /** The set a sticker file belongs to, if it is still in one. */
  setOf(fileId: string): StickerSetRecord | undefined {
    return this.setOfFile.get(fileId);
  }

  /** Where a sticker file sits, if it is in a set. */
  placeOf(fileId: string): StickerPlace | undefined {
    const set = this.setOfFile.get(fileId);
    const index = set?.stickers.findIndex((s) => s.file.fileId === fileId) ?? -1;
    const sticker = set?.stickers[index];
    return set && sticker ? { set, index, sticker } : undefined;
  }

  /** The set's sticker made from (or being) the file with this file_unique_id. */
  findSame(record: StickerSetRecord, uniqueId: string): SetSticker | undefined {
    return record.stickers.find(
      (s) => s.sourceUniqueId === uniqueId || s.file.fileUniqueId === uniqueId,
    );
  }

  /** Removes a sticker from its set; false when it is in none. */
  remove(fileId: string): boolean {
    const place = this.placeOf(fileId);
    if (!place) return false;
    place.set.stickers.splice(place.index, 1);
    this.forget(place.sticker);
    this.changed(place.set);
    return true;
  }

  /** Moves a sticker to a zero-based position within its set. */
  move(place: StickerPlace, position: number): void {
    place.set.stickers.splice(place.index, 1);
    place.set.stickers.splice(position, 0, place.sticker);
    this.changed(place.set);
  }

  /** Puts `sticker` where `place` was, as replaceStickerInSet does. */
  replace(place: StickerPlace, sticker: SetSticker): void {
    place.set.stickers.splice(place.index, 1, sticker);
    this.forget(place.sticker);
    this.noteFile(place.set, sticker);
    this.changed(place.set);
  }

  /** Applies an edit of a sticker's emoji or keywords. */
  edit(place: StickerPlace, change: { emojiList?: string[]; keywords?: string[] }): void {
    if (change.emojiList) place.sticker.emojiList = change.emojiList;
    if (change.keywords) place.sticker.keywords = change.keywords;
    this.noteFile(place.set, place.sticker);
    this.changed(place.set);
  }

  /** Applies an edit of the set itself (title, thumbnail). */
  editSet(record: StickerSetRecord, change: (record: StickerSetRecord) => void): void {
    change(record);
    this.changed(record);
  }

  delete(name: string): boolean {
    const record = this.get(name);
    if (!record) return false;
    for (const s of record.stickers) this.forget(s);
    this.sets.delete(name.toLowerCase());
    this.retired.add(name.toLowerCase());
    this.observe({ name: record.name, ownerId: record.ownerId, deleted: true });
    return true;
  }

  ownedBy(userId: number): StickerSetRecord[] {
    return [...this.sets.values()].filter((s) => s.ownerId === userId);
  }

  private noteFile(record: StickerSetRecord, sticker: SetSticker): void {
    sticker.file.setName = record.name;
    sticker.file.emoji = sticker.emojiList[0];
    this.setOfFile.set(sticker.file.fileId, record);
  }

  /** A sticker taken out of its set keeps its file but no longer names the set. */
  private forget(sticker: SetSticker): void {
    delete sticker.file.setName;
    this.setOfFile.delete(sticker.file.fileId);
  }

  private changed(record: StickerSetRecord): void {
    this.observe({ name: record.name, ownerId: record.ownerId });
  }
}

/** The StickerSet object getStickerSet answers with. */
export function toStickerSet(record: StickerSetRecord): StickerSetObject {
  return {
    name: record.name,
    title: record.title,
    sticker_type: record.stickerType,
    stickers: record.stickers.map((s) => toSticker(s.file)),
    ...(record.thumbnail && { thumbnail: toPhotoSize(record.thumbnail) }),
  };
}

/** The set with what getStickerSet leaves out, for tests. */
export function toStickerSetContents(record: StickerSetRecord): StickerSetContents {
  const thumb = record.thumbnail;
  return {
    name: record.name,
    title: record.title,
    ownerId: record.ownerId,
    stickers: record.stickers.map((s) => ({
      fileId: s.file.fileId,
      fileUniqueId: s.file.fileUniqueId,
      emojiList: [...s.emojiList],
      keywords: [...s.keywords],
      ...(s.sourceUniqueId !== undefined && { sourceUniqueId: s.sourceUniqueId }),
    })),
    ...(thumb && {
      thumbnail: {
        fileId: thumb.fileId,
        fileUniqueId: thumb.fileUniqueId,
        mimeType: thumb.mimeType,
        data: thumb.data,
      },
    }),
  };
}
