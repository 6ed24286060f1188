/**
 * What the chat page draws, computed from Telegram objects on the server side so that
 * the browser code stays a plain renderer and never has to know every Message shape.
 * Pure: no I/O, so it is tested with plain objects.
 */
import type { InlineKeyboardButton, Message } from 'telegraf/types';

/** A file the page can show or offer, served at `/chat/api/files/<id>`. */
export interface FileView {
  id: string;
  width?: number;
  height?: number;
  mimeType?: string;
  name?: string;
  size?: number;
  /** Small image shown for a document (Telegram attaches one to image files). */
  thumbId?: string;
}

/** One inline keyboard button: a callback button the page can press, or a link. */
export interface ButtonView {
  text: string;
  data?: string;
  url?: string;
}

/** One message bubble. */
export interface MessageView {
  id: number;
  chatId: number;
  from: 'user' | 'bot';
  /** Milliseconds since the epoch. */
  date: number;
  kind: 'text' | 'photo' | 'sticker' | 'document' | 'video' | 'animation' | 'video_note' | 'other';
  /** The text, or the caption of a media message. */
  text?: string;
  file?: FileView;
  /** Emoji the bot attached to a sticker, used as its accessible name. */
  emoji?: string;
  replyTo?: { id: number; from: 'user' | 'bot'; summary: string };
  buttons?: ButtonView[][];
  /**
   * Sticker sets the message links to (`t.me/addstickers/<name>`) or whose sticker it is,
   * to open on the page.
   */
  stickerSets?: string[];
}

/** A sticker set link as Telegram clients recognise it. */
const ADD_STICKERS = /(?:https?:\/\/)?(?:t|telegram)\.me\/addstickers\/([A-Za-z0-9_]{1,64})/gi;

/** Per-update timings as the page shows them under a photo. */
export interface TimingView {
  updateId: number;
  chatId: number;
  messageId: number;
  /** Stage name → milliseconds ('webhook', 'matting', 'sender', 'decode', ...). */
  stages: Record<string, number>;
  /** Update queued (photo sent) → first reply recorded, as the emulator saw it. */
  totalMs?: number;
}

/** The page's view of a message; `at` (ms) overrides Telegram's second-granular date. */
export function toMessageView(message: Message, at?: number): MessageView {
  const m = message as Message & Record<string, unknown>;
  const view: MessageView = {
    id: message.message_id,
    chatId: message.chat.id,
    from: message.from?.is_bot ? 'bot' : 'user',
    date: at ?? message.date * 1000,
    kind: 'other',
  };
  const text =
    'text' in message ? message.text : 'caption' in message ? message.caption : undefined;
  if (text !== undefined) view.text = text;
  if ('photo' in message) {
    const largest = message.photo.at(-1);
    view.kind = 'photo';
    if (largest) {
      view.file = { id: largest.file_id, width: largest.width, height: largest.height };
    }
  } else if ('sticker' in message) {
    const { sticker } = message;
    view.kind = 'sticker';
    view.file = { id: sticker.file_id, width: sticker.width, height: sticker.height };
    // A video sticker plays in a <video>; the page tells it apart by its type.
    if (sticker.is_video) view.file.mimeType = 'video/webm';
    if (sticker.emoji !== undefined) view.emoji = sticker.emoji;
  } else if (clipOf(message)) {
    const clip = clipOf(message)!;
    view.kind = clip.kind;
    view.file = clip.file;
  } else if ('document' in message) {
    const doc = message.document;
    view.kind = 'document';
    view.file = {
      id: doc.file_id,
      ...(doc.file_name !== undefined && { name: doc.file_name }),
      ...(doc.mime_type !== undefined && { mimeType: doc.mime_type }),
      ...(doc.file_size !== undefined && { size: doc.file_size }),
      ...(doc.thumbnail && { thumbId: doc.thumbnail.file_id }),
    };
  } else if ('text' in message) {
    view.kind = 'text';
  }
  const reply = m.reply_to_message as Message | undefined;
  if (reply) {
    view.replyTo = {
      id: reply.message_id,
      from: reply.from?.is_bot ? 'bot' : 'user',
      summary: summarize(reply),
    };
  }
  const buttons = inlineButtons(m.reply_markup);
  if (buttons) view.buttons = buttons;
  const sets = stickerSetLinks([text, ...(buttons ?? []).flat().map((b) => b.url)]);
  // A sticker from a set opens that set, as a tap on it does in Telegram's clients.
  const setName = 'sticker' in message ? message.sticker.set_name : undefined;
  if (setName !== undefined && !sets.includes(setName)) sets.unshift(setName);
  if (sets.length > 0) view.stickerSets = sets;
  return view;
}

/**
 * A video, GIF (`animation`, which Telegram also fills `document` for) or round video, as
 * the page plays it: its file with size and type.
 */
function clipOf(message: Message): { kind: MessageView['kind']; file: FileView } | undefined {
  const facts = (f: { file_id: string; file_size?: number; mime_type?: string }) => ({
    id: f.file_id,
    mimeType: f.mime_type ?? 'video/mp4',
    ...(f.file_size !== undefined && { size: f.file_size }),
  });
  if ('animation' in message) {
    const a = message.animation;
    return { kind: 'animation', file: { ...facts(a), width: a.width, height: a.height } };
  }
  if ('video' in message) {
    const v = message.video;
    return { kind: 'video', file: { ...facts(v), width: v.width, height: v.height } };
  }
  if ('video_note' in message) {
    const n = message.video_note;
    return { kind: 'video_note', file: { ...facts(n), width: n.length, height: n.length } };
  }
  return undefined;
}

/** Names of the sticker sets linked from texts or URLs, each once, in order. */
export function stickerSetLinks(texts: (string | undefined)[]): string[] {
  const names = texts.flatMap((t) => [...(t ?? '').matchAll(ADD_STICKERS)].map((m) => m[1] ?? ''));
  return [...new Set(names.filter((n) => n !== ''))];
}

/** One line describing a message, as a reply quote shows it. */
export function summarize(message: Message): string {
  if ('text' in message) return message.text.slice(0, 80);
  const caption = 'caption' in message && message.caption ? `: ${message.caption}` : '';
  if ('photo' in message) return `Photo${caption}`.slice(0, 80);
  if ('sticker' in message) return `${message.sticker.emoji ?? ''} Sticker`.trim();
  if ('animation' in message) return `GIF${caption}`.slice(0, 80);
  if ('video' in message) return `Video${caption}`.slice(0, 80);
  if ('video_note' in message) return 'Video message';
  if ('document' in message) return (message.document.file_name ?? 'File').slice(0, 80);
  return 'Message';
}

/** Rows of an inline keyboard, keeping only what the page can act on. */
function inlineButtons(markup: unknown): ButtonView[][] | undefined {
  const rows = (markup as { inline_keyboard?: unknown } | undefined)?.inline_keyboard;
  if (!Array.isArray(rows)) return undefined;
  const views = rows
    .filter((row): row is InlineKeyboardButton[] => Array.isArray(row))
    .map((row) =>
      row.map((b): ButtonView => {
        if ('callback_data' in b) return { text: b.text, data: b.callback_data };
        if ('url' in b) return { text: b.text, url: b.url };
        return { text: b.text };
      }),
    )
    .filter((row) => row.length > 0);
  return views.length > 0 ? views : undefined;
}
