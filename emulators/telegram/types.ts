/**
 * Public shapes of the local Telegram emulator. Kept apart from the server so
 * that tests and the stack runner can import the types without pulling in
 * sharp or an HTTP server.
 */
import type {
  BotCommand,
  BotCommandScope,
  CallbackQuery,
  InlineKeyboardMarkup,
  Message,
  ReactionType,
  ResponseParameters,
  StickerSet,
  Update,
} from 'telegraf/types';

export type { BotCommand, BotCommandScope, Message, Update };

/** A StickerSet as Bot API 7.2+ returns it: `is_animated` and `is_video` are gone. */
export type StickerSetObject = Omit<StickerSet, 'is_animated' | 'is_video'>;

/** How undelivered webhook updates are retried; Telegram keeps retrying with growing pauses. */
export interface WebhookRetryOptions {
  /** Pause after the first failed attempt (default 500 ms), doubled after each failure. */
  initialBackoffMs?: number;
  /** Upper bound of the pause (default 10 s). */
  maxBackoffMs?: number;
  /** Attempts before the update is dropped (default 50); Telegram gives up after about a day. */
  maxAttempts?: number;
}

/** Options of {@link startTelegramEmulator}; every field has a local-friendly default. */
export interface TelegramEmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one, read it back from `port`. */
  port?: number;
  /** Interface to bind; default 127.0.0.1 so nothing is exposed to the network. */
  host?: string;
  /**
   * Bot token the API accepts. The default is deliberately not shaped like a
   * real token, so it can never be mistaken for (or leak as) a production one.
   */
  token?: string;
  /** `username` returned by getMe; sticker set names must end in `_by_<this>`. */
  botUsername?: string;
  /** One structured line per event; never receives the token or file URLs. */
  log?: (line: Record<string, unknown>) => void;
  /** Retry policy for webhook deliveries that fail. */
  webhookRetry?: WebhookRetryOptions;
}

/** The Telegram user the emulator impersonates when it "sends" something to the bot. */
export interface UserSpec {
  userId: number;
  /** Chat the message appears in; defaults to `userId`, i.e. the private chat with the bot. */
  chatId?: number;
  firstName?: string;
  username?: string;
  /** IETF tag put in `from.language_code`; default 'en'. */
  languageCode?: string;
  /** The user's place in the group `chatId` (getChatMember); default 'member'. */
  chatRole?: 'creator' | 'administrator' | 'member';
}

/** Enough of a message to find it again: a sent Message object fits. */
export interface MessageRef {
  message_id: number;
  chat: { id: number };
}

/** A file part of a multipart request, as the bot uploaded it. */
export interface RecordedFile {
  /** Multipart field name: the parameter name, or the name used in `attach://<name>`. */
  field: string;
  fileName: string;
  /** Sniffed from the bytes (telegraf sends no Content-Type on parts), else from the name. */
  mimeType: string;
  data: Buffer;
}

/** The JSON body the emulator answered with, exactly as Telegram would. */
export interface ApiResponse {
  ok: boolean;
  result?: unknown;
  description?: string;
  error_code?: number;
  parameters?: ResponseParameters;
}

/** One Bot API call the bot made, in arrival order. */
export interface RecordedCall {
  method: string;
  /** Decoded parameters: typed values for JSON bodies, strings for query and form bodies. */
  params: Record<string, unknown>;
  files: RecordedFile[];
  /** `Date.now()` when the call arrived. */
  at: number;
  response: ApiResponse;
  /** True when the call came back in the body of a webhook response instead of a request. */
  viaWebhookReply?: boolean;
}

/** Methods whose successful calls show up in {@link TelegramEmulator.sentMessages}. */
export type SendMethod = 'sendMessage' | 'sendSticker' | 'sendPhoto' | 'sendDocument';

/** The file carried by a sent sticker, photo or document, with the bytes the bot provided. */
export interface SentFile {
  fileId: string;
  fileUniqueId: string;
  data: Buffer;
  mimeType: string;
  fileName?: string;
  width?: number;
  height?: number;
}

/** A message the bot sent, with what a test usually wants to assert already picked out. */
export interface SentMessage {
  method: SendMethod;
  chatId: number;
  messageId: number;
  /** The Message object returned to the bot. */
  message: Message;
  text?: string;
  caption?: string;
  /** `parse_mode` as given; the emulator does not render entities from it. */
  parseMode?: string;
  replyToMessageId?: number;
  /** `reply_markup` as sent, whatever its kind (only inline keyboards appear on `message`). */
  replyMarkup?: unknown;
  file?: SentFile;
  at: number;
}

/** A reaction the bot set on a message with setMessageReaction. */
export interface RecordedReaction {
  chatId: number;
  messageId: number;
  /** The reaction as set; empty when the bot took its reaction back. */
  reaction: ReactionType[];
  /** The emoji of `reaction`, for assertions. */
  emoji: string[];
  isBig: boolean;
  at: number;
}

/** An inline keyboard the bot replaced in place with editMessageReplyMarkup. */
export interface RecordedEdit {
  chatId: number;
  messageId: number;
  /** The new keyboard; absent when the bot removed it. */
  replyMarkup?: InlineKeyboardMarkup;
  /** The message as it is after the edit. */
  message: Message;
  at: number;
}

/** A sticker of a set with what getStickerSet does not show: all its emoji and keywords. */
export interface SetStickerContents {
  fileId: string;
  fileUniqueId: string;
  emojiList: string[];
  keywords: string[];
  /** file_unique_id of the file the bot gave when adding it (its own file_id differs) */
  sourceUniqueId?: string;
}

/** A sticker set as the emulator holds it, for assertions beyond getStickerSet. */
export interface StickerSetContents {
  name: string;
  title: string;
  ownerId: number;
  stickers: SetStickerContents[];
  /** The set's own thumbnail, if the bot set one (else clients show the first sticker). */
  thumbnail?: { fileId: string; fileUniqueId: string; mimeType: string; data: Buffer };
}

/**
 * How long one stage of the bot took for one update, as the local stack learnt it from
 * the functions' logs; the chat page shows these so a developer sees where time goes.
 */
export interface UpdateAnnotation {
  /** 'webhook', 'matting', 'sender', or a finer step such as 'segment'. */
  stage: string;
  ms: number;
}

/** Injected failures; each eligible call draws once from a seeded generator. */
export interface Faults {
  /** Share of calls answered 429 with `parameters.retry_after`. */
  rate429?: number;
  /** Seconds put in `retry_after` (default 1). */
  retryAfter?: number;
  /** Share of calls answered 500 Internal Server Error. */
  rate500?: number;
  /** Seed of the generator, so a failing run can be replayed (default 1). */
  seed?: number;
  /**
   * Methods whose first call in each chat is accepted and never answered (nor carried
   * out): the connection stays open until the caller gives up, as with a Bot API server
   * that hangs.
   */
  hangFirstPerChat?: string[];
  /**
   * Called after a call of `method` was carried out (the message is in the chat) and
   * before it is answered; the answer waits for it. Used to kill the caller between a
   * send and its bookkeeping. `times`: how many calls (default 1).
   */
  beforeAnswer?: { method: string; times?: number; hook: (chatId: number) => Promise<void> };
}

/** How often the call-shaping faults (hang, beforeAnswer) fired. */
export interface FaultCounts {
  hung: number;
  beforeAnswer: number;
}

/** Delivery state of one queued update. */
export interface WebhookDelivery {
  updateId: number;
  /** Webhook attempts so far (updates taken by getUpdates count none). */
  attempts: number;
  status: 'pending' | 'delivered' | 'dropped';
  /** HTTP status of the last webhook attempt, if one got an answer. */
  lastStatus?: number;
  /** Telegram-style text of the last failure, as getWebhookInfo shows it. */
  lastError?: string;
}

/** The Telegram user a test or the chat page acts as: what a client would send. */
export interface UserActions {
  /** Send a photo as the user; resolves once the update is queued, not delivered. */
  sendPhoto(
    user: UserSpec,
    image: Buffer,
    opts?: { caption?: string },
  ): Promise<Update.MessageUpdate<Message.PhotoMessage>>;
  /** Send a file as the user, kept byte for byte like a Telegram document. */
  sendDocument(
    user: UserSpec,
    data: Buffer,
    opts: { fileName: string; mimeType: string; caption?: string },
  ): Promise<Update.MessageUpdate<Message.DocumentMessage>>;
  /** Send a video as the user, kept byte for byte (an MP4 or WebM). */
  sendVideo(
    user: UserSpec,
    data: Buffer,
    opts?: { caption?: string; fileName?: string },
  ): Promise<Update.MessageUpdate<Message.VideoMessage>>;
  /**
   * Send a GIF as the user: as from Telegram's clients, the bot gets an `animation` (and a
   * `document`) holding an MP4 without sound; a GIF is converted, an MP4 kept.
   */
  sendAnimation(
    user: UserSpec,
    data: Buffer,
    opts?: { caption?: string; fileName?: string },
  ): Promise<Update.MessageUpdate<Message.AnimationMessage>>;
  /** Send a round video message as the user: cut to a centred square unless it is one. */
  sendVideoNote(
    user: UserSpec,
    data: Buffer,
  ): Promise<Update.MessageUpdate<Message.VideoNoteMessage>>;
  /** Send text as the user; a leading `/command` gets a bot_command entity. */
  sendText(user: UserSpec, text: string): Promise<Update.MessageUpdate<Message.TextMessage>>;
  /**
   * Send a sticker the emulator knows (e.g. one of the user's set, by any of its file_ids)
   * as the user. Like a Telegram client, the message carries the sticker's `set_name`,
   * emoji and file_unique_id under a file_id of its own: compare stickers by
   * file_unique_id, never by file_id.
   */
  sendSticker(
    user: UserSpec,
    fileId: string,
  ): Promise<Update.MessageUpdate<Message.StickerMessage>>;
  /**
   * Edit the caption of one of the user's own media messages, as a Telegram client does:
   * the stored message changes and the bot gets an `edited_message` update (if its
   * allowed_updates take them). An empty caption removes it.
   */
  editCaption(
    user: UserSpec,
    message: MessageRef,
    caption: string,
  ): Promise<Update.EditedMessageUpdate>;
  /** Queue any raw update (a fresh update_id is set when it has none). */
  postUpdate(update: object): Promise<void>;
  /**
   * Press an inline keyboard button of a message the bot sent, as a Telegram client
   * does: queues a real callback_query update. Throws when the message has no button
   * with that callback_data, since no client could press it.
   */
  pressButton(
    user: UserSpec,
    message: MessageRef,
    callbackData: string,
  ): Promise<Update.CallbackQueryUpdate<CallbackQuery.DataQuery>>;
}

/** A running emulator: a Bot API server for the bot, a Telegram user for the test. */
export interface TelegramEmulator extends UserActions {
  /** Give this to telegraf as `telegram: { apiRoot }`. */
  apiRoot: string;
  token: string;
  port: number;
  /** Attach a stage timing to an update; the chat page relays it to the browser. */
  annotateUpdate(updateId: number, note: UpdateAnnotation): void;
  /** The local chat page, where a person can talk to the bot in a browser. */
  chatPageUrl: string;
  /** Every Bot API call the bot made, in order. */
  calls(): RecordedCall[];
  /** Messages the bot sent, optionally only those in one chat. */
  sentMessages(chatId?: number): SentMessage[];
  /** Resolves with the first sent message (already sent or future) matching `pred`. */
  waitForMessage(pred: (m: SentMessage) => boolean, timeoutMs?: number): Promise<SentMessage>;
  /** Reactions the bot set (setMessageReaction), in order, optionally only in one chat. */
  reactions(chatId?: number): RecordedReaction[];
  /** The emoji of the bot's current reaction on a message ([] when none). */
  reactionOn(message: MessageRef): string[];
  /** Keyboards the bot replaced in place (editMessageReplyMarkup), in order. */
  keyboardEdits(chatId?: number): RecordedEdit[];
  /** A message as it stands now (edits applied), whoever sent it. */
  message(ref: MessageRef): Message | undefined;
  /** A sticker set as getStickerSet returns it (names match case-insensitively). */
  stickerSet(name: string): StickerSetObject | undefined;
  /** A sticker set with every sticker's emoji list and keywords, and its thumbnail. */
  stickerSetContents(name: string): StickerSetContents | undefined;
  /** Every sticker set the bot created for this user, in creation order. */
  stickerSetsOf(userId: number): StickerSetObject[];
  /**
   * The command list stored for exactly this scope and language, as getMyCommands
   * answers (default scope, '' = all languages; no fallback between them).
   */
  commands(opts?: { scope?: BotCommandScope; languageCode?: string }): BotCommand[];
  /**
   * The command menu the user's client shows in their chat (`chatId`, default private):
   * the most specific scope with a list, the user's `languageCode` before all languages.
   */
  commandsShownTo(user: UserSpec): BotCommand[];
  /** Replace the injected faults; applies to every method except getMe and getFile. */
  setFaults(faults: Faults): void;
  /** How often the hang and beforeAnswer faults fired since the last setFaults. */
  faultCounts(): FaultCounts;
  webhookDeliveries(): WebhookDelivery[];
  /**
   * Resolves when no update is pending (each delivered or dropped). With no
   * webhook set it waits for getUpdates to take them, as Telegram would keep them.
   */
  idle(): Promise<void>;
  close(): Promise<void>;
}
