import type { PackStickerRecord } from './bot-state';
import {
  packRecordEdits,
  withoutPack,
  withoutSticker,
  type PackEdit,
  type PackState,
  type UserPacks,
} from './pack-state';

/**
 * The PackState half of the memory BotState (createMemoryBotState in shared/bot-state.ts,
 * for function-level tests), over its users (`doc`, `edit`) and its sticker claims; the
 * Firestore half is shared/pack-state-firestore.ts.
 */
export function memoryPackState(
  doc: (userId: number) => UserPacks,
  edit: (userId: number, change: PackEdit) => Promise<void>,
  claims: () => Map<string, PackStickerRecord>,
): PackState {
  const claimsOf = (userId: number, match: (r: PackStickerRecord) => boolean) =>
    [...claims().entries()].filter(([k, r]) => k.startsWith(`${userId}/`) && match(r));
  return {
    userPacks: (userId) => Promise.resolve(structuredClone(doc(userId))),
    addedFrom: (userId, source) =>
      Promise.resolve(structuredClone(claims().get(`${userId}/${source}`)?.added)),
    async forgetSticker(userId, set, uniqueId) {
      const { removed } = withoutSticker(doc(userId), set, uniqueId);
      const found = claimsOf(userId, (r) => r.added?.uniqueId === uniqueId);
      for (const [key] of found) claims().delete(key);
      await edit(userId, (d) => withoutSticker(d, set, uniqueId).doc);
      return removed ?? structuredClone(found[0]?.[1].added);
    },
    async forgetPack(userId, set) {
      for (const [key] of claimsOf(userId, (r) => r.set === set)) claims().delete(key);
      await edit(userId, (d) => withoutPack(d, set));
    },
    ...packRecordEdits(edit),
  };
}
