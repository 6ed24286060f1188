import type { Context, NarrowedContext, Telegram, Types } from 'telegraf';
import type { BotState, FairUseRule } from '../../shared/bot-state';
import type { Logger } from '../../shared/log';
import type { ObjectStore } from '../../shared/storage';

/** The Bot API calls the webhook makes; a subset, so tests can pass a small fake. */
export type BotApi = Pick<
  Telegram,
  | 'getMe'
  | 'getFile'
  | 'getFileLink'
  | 'sendMessage'
  | 'sendChatAction'
  | 'createNewStickerSet'
  | 'addStickerToSet'
  | 'answerCbQuery'
  | 'getStickerSet'
  | 'deleteStickerFromSet'
  | 'setStickerEmojiList'
  | 'setStickerKeywords'
  | 'setStickerPositionInSet'
  | 'setStickerSetTitle'
  | 'deleteStickerSet'
  | 'setMessageReaction'
  | 'editMessageReplyMarkup'
  | 'callApi'
  | 'getChatMember'
>;

export interface WebhookConfig {
  botToken: string;
  webhookSecret: string;
  /** the Bot API's root (TELEGRAM_API_ROOT): files are downloaded from its origin only */
  apiRoot: string;
  uploadsBucket: string;
  /** Telegram updates are a few KB; anything much larger is not from Telegram. */
  maxBodyBytes: number;
  /** photos per user per window; beyond it a polite refusal and no work started */
  fairUse: FairUseRule;
}

/** Downloads a file Telegram serves, refusing more than `maxBytes` (./download.ts). */
export type Download = (url: URL, maxBytes: number) => Promise<Buffer>;

export interface WebhookDeps {
  config: WebhookConfig;
  store: ObjectStore;
  telegram: BotApi;
  /** per-chat settings, packs and fair-use counters (Firestore) */
  state: BotState;
  log: Logger;
  download?: Download;
  /** how often turned-away requests are summarised in the log (./rejections.ts) */
  rejectionLogIntervalMs?: number;
}

/** What the bot's feature modules are built from: the dependencies, download resolved. */
export type FeatureDeps = WebhookDeps & { download: Download };

/** A command's update: a text message that starts with `/name` (`ctx.payload` = the rest). */
export type CommandContext = NarrowedContext<Context, Types.MountMap['text']> &
  Types.CommandContextExtn;

/** One command of the menu (shared/commands.ts); registered in ./bot.ts. */
export type CommandHandler = (ctx: CommandContext, deps: FeatureDeps) => Promise<unknown>;

/** A press of an inline button. */
export type ButtonContext = NarrowedContext<Context, Types.MountMap['callback_query']>;

/** One inline button: the callback data it answers and what a press does; listed in ./bot.ts. */
export interface Button {
  data: string | RegExp;
  press: (ctx: ButtonContext, deps: FeatureDeps) => Promise<unknown>;
}
