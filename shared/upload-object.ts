import { z } from 'zod';
import { PermanentError } from './errors';
import { MAX_CAPTION_LENGTH } from './limits';
import { languageTag } from './messages';

/**
 * The contract between webhook and matting: one object in the uploads bucket per
 * Telegram update. Its name is derived from chat id and update id, so a webhook retry
 * of the same update maps to the same object and `ifGenerationMatch: 0` lets Storage
 * itself refuse the duplicate. Custom metadata carries everything later steps need,
 * because the matting function sees only the object.
 */
/** The kind of Telegram message (or document) an upload came from. */
export const UPLOAD_SOURCES = ['photo', 'document', 'video', 'animation', 'video_note'] as const;

export type UploadMedia = 'image' | 'clip';

export const UploadMetadataSchema = z.object({
  chatId: z.coerce.number().int(),
  messageId: z.coerce.number().int().positive(),
  userId: z.coerce.number().int().optional(),
  updateId: z.coerce.number().int().nonnegative(),
  /** dropped (English then) when it is not a language tag: it comes from the user's client */
  languageCode: z.unknown().transform(languageTag),
  caption: z.string().max(MAX_CAPTION_LENGTH).optional(),
  source: z.enum(UPLOAD_SOURCES),
  /** what the upload holds: a still image (the default, absent) or a clip to animate */
  media: z.enum(['image', 'clip']).default('image'),
  /** per-sticker options as JSON, e.g. {"outline":true} */
  options: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return {};
      try {
        return StickerOptionsSchema.parse(JSON.parse(s));
      } catch {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'options is not valid JSON' });
        return z.NEVER;
      }
    }),
});

export const StickerOptionsSchema = z
  .object({
    outline: z.boolean().optional(),
  })
  .strip();

export type StickerOptions = z.infer<typeof StickerOptionsSchema>;
export type UploadMetadata = z.infer<typeof UploadMetadataSchema>;

export interface UploadMetadataInput {
  chatId: number;
  messageId: number;
  userId?: number;
  updateId: number;
  languageCode?: string;
  caption?: string;
  source: (typeof UPLOAD_SOURCES)[number];
  /** 'clip' for a video, GIF or animated WebP to become a video sticker; default 'image' */
  media?: UploadMedia;
  options?: StickerOptions;
}

/** Object name of an update's upload: stable across webhook retries of the same update. */
export function uploadObjectName(chatId: number, updateId: number): string {
  return `${chatId}/${updateId}`;
}

/**
 * Object name of the sticker made from an upload, in the stickers bucket: a WebP for an
 * image, a WEBM (VP9 with alpha) for a clip.
 */
export function stickerObjectName(
  chatId: number,
  updateId: number,
  media: UploadMedia = 'image',
): string {
  return `${chatId}/${updateId}.${media === 'clip' ? 'webm' : 'webp'}`;
}

/** Storage custom metadata is string-valued: flatten, dropping unset fields. */
export function encodeUploadMetadata(m: UploadMetadataInput): Record<string, string> {
  const out: Record<string, string> = {
    chatId: String(m.chatId),
    messageId: String(m.messageId),
    updateId: String(m.updateId),
    source: m.source,
  };
  if (m.media === 'clip') out.media = 'clip';
  if (m.userId !== undefined) out.userId = String(m.userId);
  const languageCode = languageTag(m.languageCode);
  if (languageCode) out.languageCode = languageCode;
  if (m.caption) out.caption = m.caption;
  if (m.options && Object.keys(m.options).length) out.options = JSON.stringify(m.options);
  return out;
}

/** Whom an answer about an upload goes to: the head of every reply message. */
export interface ReplyAddress {
  v: 1;
  chatId: number;
  replyTo?: number;
  updateId: number;
  languageCode?: string;
}

const ReplyAddressSchema = UploadMetadataSchema.pick({ chatId: true, updateId: true }).extend({
  messageId: UploadMetadataSchema.shape.messageId.optional().catch(undefined),
  languageCode: UploadMetadataSchema.shape.languageCode,
});

/**
 * Whom to answer about an upload whose metadata is otherwise unusable (a field missing
 * or malformed): the chat and update when those two are readable, else undefined.
 */
export function replyAddressOf(
  meta: Record<string, unknown> | undefined,
): ReplyAddress | undefined {
  const parsed = ReplyAddressSchema.safeParse(meta ?? {});
  if (!parsed.success) return undefined;
  const { chatId, updateId, messageId, languageCode } = parsed.data;
  return { v: 1, chatId, updateId, replyTo: messageId, languageCode };
}

/** Parses the custom metadata of an upload; an object without it was not made by us. */
export function decodeUploadMetadata(meta: Record<string, unknown> | undefined): UploadMetadata {
  const parsed = UploadMetadataSchema.safeParse(meta ?? {});
  if (!parsed.success) {
    throw new PermanentError(`upload metadata is invalid: ${parsed.error.message}`);
  }
  return parsed.data;
}
