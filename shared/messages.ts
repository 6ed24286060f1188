import { de } from './locales/de';
import { en } from './locales/en';
import { es } from './locales/es';
import { fr } from './locales/fr';
import { id } from './locales/id';
import { it } from './locales/it';
import { pt } from './locales/pt';
import { ru } from './locales/ru';
import { tr } from './locales/tr';
import { uk } from './locales/uk';
import { MAX_LANGUAGE_CODE_LENGTH } from './limits';

/**
 * Every text the bot sends, by key, so that messages are reviewed in one place and a
 * reply message on Pub/Sub carries a key + params instead of rendered prose (the sender
 * renders it in the user's language at the last moment).
 */
export const MESSAGE_KEYS = [
  'start',
  'help',
  'unsupported',
  'not_image',
  'too_big',
  'too_many_pixels',
  'too_small',
  'undecodable',
  'no_person',
  'failed',
  'rate_limited',
  'outline_on',
  'outline_off',
  'pack_button',
  'pack_title',
  'pack_added',
  'pack_added_toast',
  'pack_already',
  'pack_none',
  'pack_need_start',
  'pack_gone',
  'pack_failed',
  'cmd_start',
  'cmd_help',
  'cmd_outline',
  'cmd_pack',
  'clip_trimmed',
  'clip_too_long',
  'clip_too_large',
  'clip_unreadable',
  // issue 15: packs people manage
  'pack_in_button',
  'pack_remove_button',
  'pack_keep_button',
  'pack_in_toast',
  'pack_removed',
  'pack_removed_toast',
  'undo_done',
  'undo_nothing',
  'own_sticker',
  'own_emoji_button',
  'own_front_button',
  'own_thumb_button',
  'own_remove_button',
  'own_not_yours',
  'emoji_ask',
  'emoji_invalid',
  'emoji_done',
  'front_done',
  'front_already',
  'thumb_done',
  'pack_item',
  'pack_item_current',
  'pack_edit_hint',
  'pack_rename_button',
  'pack_delete_button',
  'pack_use_button',
  'rename_ask',
  'rename_invalid',
  'rename_done',
  'delete_ask',
  'delete_yes_button',
  'delete_no_button',
  'delete_done',
  'delete_kept',
  'pack_current',
  'pack_missing',
  'keywords_set',
  'keywords_cleared',
  'cmd_undo',
  'unsupported_media',
  'not_media',
  'start_clips',
  'help_clips',
  // issue 13: /forget and group admins
  'cmd_forget',
  'forget_done',
  'forget_done_none',
  'outline_admins_only',
] as const;

export type MessageKey = (typeof MESSAGE_KEYS)[number];

/** One language's texts; `{name}` placeholders are filled by {@link renderMessage}. */
export type Catalogue = Record<MessageKey, string>;

/**
 * By language: a Map, never a plain object, because the key comes from the user's client
 * and `constructor` or `__proto__` must not find Object.prototype's members.
 */
const catalogues: ReadonlyMap<string, Catalogue> = new Map(
  Object.entries({ en, es, ru, de, pt, fr, it, uk, tr, id }),
);

/** Languages with a catalogue; anything else falls back to English. */
export const LANGUAGES = [...catalogues.keys()];

/** A BCP 47 shaped tag as Telegram sends them: 'en', 'pt-br', 'zh-hans'. */
const LANGUAGE_TAG = /^[a-z]{2,3}(?:[-_][a-z0-9]{1,8})*$/i;

/**
 * The language code as it may travel between the functions: a BCP 47 shaped tag of at
 * most MAX_LANGUAGE_CODE_LENGTH characters, else undefined (the texts fall back to
 * English). Applied where a code enters: the upload's metadata and the reply message.
 */
export function languageTag(code: unknown): string | undefined {
  return typeof code === 'string' &&
    code.length <= MAX_LANGUAGE_CODE_LENGTH &&
    LANGUAGE_TAG.test(code)
    ? code
    : undefined;
}

/** The catalogue for a language code as Telegram sends it ('pt-br' → pt), else English. */
export function catalogueOf(languageCode: string | undefined): Catalogue {
  const lang = (languageTag(languageCode) ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return catalogues.get(lang) ?? en;
}

/**
 * Renders `key` in the language of `languageCode` (Telegram's IETF tag, e.g. 'pt-br'),
 * falling back to English, with `{param}` placeholders filled in.
 */
export function renderMessage(
  key: MessageKey,
  languageCode: string | undefined,
  params: Record<string, string | number> = {},
): string {
  const template = catalogueOf(languageCode)[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
