import { z } from 'zod';
import { MESSAGE_KEYS, languageTag } from './messages';
import { BugError, PermanentError } from './errors';
import { isStickerEmoji } from './sticker-emoji';

/**
 * The messages on topic `sticker-replies`: what the sender must deliver to one chat (a
 * `sticker` or a `text`, delivered exactly once), or a `chat_action` to show while a
 * cold matting instance loads its model (best effort, never claimed or retried; see
 * functions/README.md, "The reply contract"). Validated by the publisher (matting) and
 * by the receiver (sender), so both ends agree on a single schema; `v` lets a later
 * version be told apart during a rolling deploy.
 */
/** The Bot API chat actions a `chat_action` message may ask for. */
export const CHAT_ACTIONS = ['choose_sticker'] as const;

const common = {
  v: z.literal(1),
  chatId: z.number().int(),
  /** message_id of the user's photo, so the answer arrives as a reply to it */
  replyTo: z.number().int().positive().optional(),
  updateId: z.number().int().nonnegative(),
  /** dropped (English then) when it is not a language tag: it comes from the user's client */
  languageCode: z.unknown().transform(languageTag),
};

export const ReplyMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    ...common,
    kind: z.literal('sticker'),
    bucket: z.string().min(3),
    object: z.string().min(1),
    /** the caption's first emoji: sent with the sticker, and what a pack files it under */
    emoji: z.string().refine(isStickerEmoji, 'not a single emoji').optional(),
    /** InputSticker.format: a WebP is 'static', a WEBM (from a clip) is 'video' */
    format: z.enum(['static', 'video']).default('static'),
    /** set when the clip was cut to its first seconds: the sender also sends `clip_trimmed` */
    trimmedToSeconds: z.number().positive().optional(),
  }),
  z.object({
    ...common,
    kind: z.literal('text'),
    key: z.enum(MESSAGE_KEYS),
    params: z.record(z.union([z.string(), z.number()])).default({}),
  }),
  z.object({
    ...common,
    kind: z.literal('chat_action'),
    /** what the chat shows ("choosing a sticker…") for about 5 s or until the next message */
    action: z.enum(CHAT_ACTIONS),
  }),
]);

export type ReplyMessage = z.infer<typeof ReplyMessageSchema>;
export type ReplyMessageInput = z.input<typeof ReplyMessageSchema>;
/** A reply that answers the photo: delivered exactly once (not a chat action). */
export type AnswerMessage = Exclude<ReplyMessage, { kind: 'chat_action' }>;
export type ChatActionMessage = Extract<ReplyMessage, { kind: 'chat_action' }>;

/** Pub/Sub attributes that let a subscriber filter or trace without parsing the body. */
export interface ReplyAttributes {
  [key: string]: string;
  updateId: string;
  chatId: string;
  kind: string;
}

/**
 * Validates and serialises a reply for publishing. A reply that fails the schema is a bug
 * of ours, not a passing fault: a BugError, acknowledged and logged as an error, since
 * redelivering the event would only build the same reply again until it is dead-lettered.
 */
export function encodeReply(reply: ReplyMessageInput): {
  data: Buffer;
  attributes: ReplyAttributes;
} {
  const result = ReplyMessageSchema.safeParse(reply);
  if (!result.success) {
    throw new BugError(`reply does not match the schema: ${result.error.message}`, {
      cause: result.error,
    });
  }
  const parsed = result.data;
  return {
    data: Buffer.from(JSON.stringify(parsed)),
    attributes: {
      updateId: String(parsed.updateId),
      chatId: String(parsed.chatId),
      kind: parsed.kind,
    },
  };
}

/**
 * Parses a received reply. Garbage is permanent (never retried); JSON that does not match
 * the schema is a bug of the publisher's (or a version skew), so it is logged as one.
 */
export function decodeReply(data: Buffer | string): ReplyMessage {
  let json: unknown;
  try {
    json = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch (err) {
    throw new PermanentError('reply message is not JSON', undefined, { cause: err });
  }
  const parsed = ReplyMessageSchema.safeParse(json);
  if (!parsed.success) {
    throw new BugError(`reply message does not match the schema: ${parsed.error.message}`);
  }
  return parsed.data;
}
