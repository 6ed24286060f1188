/**
 * Sticker sets the bot created on behalf of users, as Telegram keeps them:
 * names are unique case-insensitively, each set has one owner, and every
 * sticker in a set is its own file with its own file_id.
 */
import { toSticker } from './input-file.js';
import type { StoredFile } from './store.js';
import type { StickerSetObject } from './types.js';

/** A sticker of a set: its own stored file plus the emoji and keywords it was added with. */
export interface SetSticker {
  file: StoredFile;
  emojiList: string[];
  keywords: string[];
}

/** One sticker set. */
export interface StickerSetRecord {
  name: string;
  title: string;
  ownerId: number;
  stickerType: 'regular';
  stickers: SetSticker[];
}

/** Every sticker set in the emulator, by lower-cased name. */
export class StickerSets {
  private readonly sets = new Map<string, StickerSetRecord>();
  private readonly setOfFile = new Map<string, StickerSetRecord>();

  get(name: string): StickerSetRecord | undefined {
    return this.sets.get(name.toLowerCase());
  }

  /** Adds a set; the caller has checked the name is free. */
  create(record: StickerSetRecord): void {
    this.sets.set(record.name.toLowerCase(), record);
    for (const s of record.stickers) this.noteFile(record, s);
  }

  add(record: StickerSetRecord, sticker: SetSticker): void {
    record.stickers.push(sticker);
    this.noteFile(record, sticker);
  }

  /** The set a sticker file belongs to, if it is still in one. */
  setOf(fileId: string): StickerSetRecord | undefined {
    return this.setOfFile.get(fileId);
  }

  /** Removes a sticker from its set; false when it is in none. */
  remove(fileId: string): boolean {
    const record = this.setOfFile.get(fileId);
    const at = record?.stickers.findIndex((s) => s.file.fileId === fileId) ?? -1;
    if (!record || at < 0) return false;
    const [removed] = record.stickers.splice(at, 1);
    if (removed) forget(removed);
    this.setOfFile.delete(fileId);
    return true;
  }

  delete(name: string): boolean {
    const record = this.get(name);
    if (!record) return false;
    for (const s of record.stickers) {
      forget(s);
      this.setOfFile.delete(s.file.fileId);
    }
    return this.sets.delete(name.toLowerCase());
  }

  ownedBy(userId: number): StickerSetRecord[] {
    return [...this.sets.values()].filter((s) => s.ownerId === userId);
  }

  private noteFile(record: StickerSetRecord, sticker: SetSticker): void {
    sticker.file.setName = record.name;
    sticker.file.emoji = sticker.emojiList[0];
    this.setOfFile.set(sticker.file.fileId, record);
  }
}

/** A sticker taken out of its set keeps its file but no longer names the set. */
function forget(sticker: SetSticker): void {
  delete sticker.file.setName;
}

/** The StickerSet object getStickerSet answers with. */
export function toStickerSet(record: StickerSetRecord): StickerSetObject {
  return {
    name: record.name,
    title: record.title,
    sticker_type: record.stickerType,
    stickers: record.stickers.map((s) => toSticker(s.file)),
  };
}
