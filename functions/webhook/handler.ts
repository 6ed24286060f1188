import type { HttpFunction } from '@google-cloud/functions-framework';
import { Telegraf, type Telegram } from 'telegraf';
import { message } from 'telegraf/filters';
import type { Message, Update } from 'telegraf/types';
import { DEFAULT_CHAT_SETTINGS, type BotState, type FairUseRule } from '../../shared/bot-state';
import { ADD_TO_PACK } from '../../shared/buttons';
import { ConfigError, PermanentError, RetryableError } from '../../shared/errors';
import { MAX_DOWNLOAD_BYTES, MAX_INPUT_PIXELS } from '../../shared/limits';
import type { Logger } from '../../shared/log';
import { renderMessage, type MessageKey } from '../../shared/messages';
import type { ObjectStore } from '../../shared/storage';
import { callTelegram, classifyTelegramError } from '../../shared/telegram';
import { encodeUploadMetadata, uploadObjectName } from '../../shared/upload-object';
import { downloadFile } from './download';
import {
  imageIntent,
  isUpdate,
  sanitizeCaption,
  sniffImageType,
  type Intent,
} from './parse-update';
import { describePacks, handleAddToPack, type PackBotApi } from './packs';
import { isValidSecret } from './secret';

/** The Bot API calls the webhook makes; a subset, so tests can pass a small fake. */
export type BotApi = Pick<
  Telegram,
  'getMe' | 'getFile' | 'getFileLink' | 'sendMessage' | 'sendChatAction'
> &
  PackBotApi;

export interface WebhookConfig {
  botToken: string;
  webhookSecret: string;
  uploadsBucket: string;
  /** Telegram updates are a few KB; anything much larger is not from Telegram. */
  maxBodyBytes: number;
  /** photos per user per window; beyond it a polite refusal and no work started */
  fairUse: FairUseRule;
}

export interface WebhookDeps {
  config: WebhookConfig;
  store: ObjectStore;
  telegram: BotApi;
  /** per-chat settings, packs and fair-use counters (Firestore) */
  state: BotState;
  log: Logger;
  download?: (url: URL, maxBytes: number) => Promise<Buffer>;
}

/**
 * Builds the `webhook` HTTP function: authenticates Telegram by the secret header,
 * routes the update with telegraf, and for an image stores it in the uploads bucket,
 * which starts the rest of the chain. It answers as soon as the upload is stored; it
 * never loads TensorFlow. Status codes drive Telegram's retries: 200 = done (including
 * permanent failures the user was told about), 500 = please redeliver.
 */
export function createWebhookHandler(deps: WebhookDeps): HttpFunction {
  const { config, log } = deps;
  const download = deps.download ?? downloadFile;
  const bot = new Telegraf(config.botToken);
  bot.catch((err) => {
    throw err;
  });

  const say = async (
    msg: Message,
    key: MessageKey,
    params: Record<string, string | number> = {},
  ) => {
    const text = renderMessage(key, msg.from?.language_code, params);
    await callTelegram('sendMessage', () =>
      deps.telegram.sendMessage(msg.chat.id, text, {
        reply_parameters: { message_id: msg.message_id, allow_sending_without_reply: true },
      }),
    );
  };

  const ingest = async (update: Update, msg: Message, intent: Intent) => {
    const ulog = log.child({ updateId: update.update_id, chatId: msg.chat.id });
    if (intent.kind === 'reject') return say(msg, intent.reason);
    if (intent.kind !== 'image') return say(msg, 'unsupported');
    const t0 = performance.now();
    // Fair use before any work: counted per user (per chat for anonymous senders). If
    // Firestore cannot answer, the photo is let through: a 500 would only make Telegram
    // redeliver it later while the user waits, and bot state is not worth a lost photo.
    const slot = await deps.state
      .takePhotoSlot(
        msg.from ? `u${msg.from.id}` : `c${msg.chat.id}`,
        update.update_id,
        config.fairUse,
      )
      .catch((err: unknown) => {
        ulog.error('fair-use check failed; photo let through', { err });
        return { allowed: true as const };
      });
    if (!slot.allowed) {
      ulog.info('photo refused: fair-use limit', { retryAfterMs: slot.retryAfterMs });
      return say(msg, 'rate_limited', {
        limit: config.fairUse.limit,
        seconds: Math.max(2, Math.ceil(slot.retryAfterMs / 1000)),
      });
    }
    const tSlot = performance.now();
    // The chat's settings are read while the photo downloads (awaited before storing);
    // unreadable, the defaults apply.
    const settings = deps.state.chatSettings(msg.chat.id).catch((err: unknown) => {
      ulog.error('chat settings unreadable; defaults used', { err });
      return { ...DEFAULT_CHAT_SETTINGS };
    });
    // Feedback while the chain runs; best effort, a failure here must not lose the photo.
    const action = deps.telegram.sendChatAction(msg.chat.id, 'choose_sticker').catch((err) => {
      ulog.warn('sendChatAction failed', { err: classifyTelegramError(err, 'sendChatAction') });
    });
    const file = await callTelegram('getFile', () => deps.telegram.getFile(intent.fileId));
    if (file.file_size !== undefined && file.file_size > MAX_DOWNLOAD_BYTES) {
      await action;
      return say(msg, 'too_big');
    }
    let data: Buffer;
    try {
      data = await download(await deps.telegram.getFileLink(file), MAX_DOWNLOAD_BYTES);
    } catch (err) {
      if (err instanceof PermanentError && err.userMessage === 'too_big') {
        await action;
        return say(msg, 'too_big');
      }
      throw err;
    }
    const contentType = sniffImageType(data);
    if (!contentType) {
      await action;
      ulog.info('not an image I can read', { bytes: data.length, source: intent.source });
      return say(msg, intent.source === 'photo' ? 'undecodable' : 'not_image');
    }
    const name = uploadObjectName(msg.chat.id, update.update_id);
    const caption = sanitizeCaption('caption' in msg ? msg.caption : undefined);
    const tFetched = performance.now();
    const { outline } = await settings;
    const result = await deps.store.create(config.uploadsBucket, name, data, {
      contentType,
      metadata: encodeUploadMetadata({
        chatId: msg.chat.id,
        messageId: msg.message_id,
        userId: msg.from?.id,
        updateId: update.update_id,
        languageCode: msg.from?.language_code,
        caption,
        source: intent.source,
        options: { outline },
      }),
    });
    await action;
    ulog.info(result === 'created' ? 'upload stored' : 'upload already stored (redelivery)', {
      object: `gs://${config.uploadsBucket}/${name}`,
      bytes: data.length,
      contentType,
      source: intent.source,
      ms: {
        fairUse: Math.round(tSlot - t0),
        fetch: Math.round(tFetched - tSlot),
        store: Math.round(performance.now() - tFetched),
      },
    });
  };

  bot.start((ctx) => say(ctx.message, 'start', { name: ctx.from.first_name }));
  bot.help((ctx) =>
    say(ctx.message, 'help', {
      megapixels: MAX_INPUT_PIXELS / 1e6,
      limit: config.fairUse.limit,
    }),
  );
  bot.command('outline', async (ctx) => {
    const arg = ctx.payload.trim().toLowerCase();
    const wanted = arg === 'on' ? true : arg === 'off' ? false : undefined;
    const outline = await deps.state.setOutline(ctx.chat.id, wanted);
    return say(ctx.message, outline ? 'outline_on' : 'outline_off');
  });
  bot.command('pack', async (ctx) => {
    const text = await describePacks(deps.state, ctx.from.id, ctx.from.language_code);
    await callTelegram('sendMessage', () =>
      deps.telegram.sendMessage(ctx.chat.id, text, {
        reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true },
        link_preview_options: { is_disabled: true },
      }),
    );
  });
  bot.on(message('photo'), (ctx) => ingest(ctx.update, ctx.message, imageIntent(ctx.message)));
  bot.on(message('document'), (ctx) => ingest(ctx.update, ctx.message, imageIntent(ctx.message)));
  bot.on('message', (ctx) => say(ctx.message, 'unsupported'));
  bot.action(ADD_TO_PACK, (ctx) =>
    handleAddToPack(
      { telegram: deps.telegram, state: deps.state, log },
      ctx.callbackQuery,
      ctx.botInfo.username,
    ),
  );
  // A button this version does not know (an old message): stop the client's spinner.
  bot.on('callback_query', (ctx) =>
    callTelegram('answerCallbackQuery', () => deps.telegram.answerCbQuery(ctx.callbackQuery.id)),
  );
  // Other update kinds (edits, channel posts, ...) are acknowledged and ignored.

  let botInfo: Promise<void> | undefined;
  const ensureBotInfo = () =>
    (botInfo ??= callTelegram('getMe', () => deps.telegram.getMe()).then(
      (me) => {
        bot.botInfo = me;
      },
      (err: unknown) => {
        botInfo = undefined;
        throw err;
      },
    ));

  return async (req, res) => {
    if (req.method !== 'POST') {
      res.status(405).set('Allow', 'POST').send('Method Not Allowed');
      return;
    }
    if (!isValidSecret(req.get('x-telegram-bot-api-secret-token'), config.webhookSecret)) {
      log.warn('rejected: missing or wrong secret token', { ip: req.ip });
      res.status(401).send('Unauthorized');
      return;
    }
    if ((req.rawBody?.length ?? 0) > config.maxBodyBytes) {
      log.warn('rejected: body too large', { bytes: req.rawBody?.length });
      res.status(413).send('Payload Too Large');
      return;
    }
    const update: unknown = req.body;
    if (!isUpdate(update)) {
      log.warn('rejected: body is not a Telegram update');
      res.status(400).send('Bad Request: expected a Telegram Update');
      return;
    }
    const ulog = log.child({ updateId: update.update_id });
    const started = Date.now();
    try {
      await ensureBotInfo();
      await bot.handleUpdate(update);
      ulog.info('update handled', { ms: Date.now() - started, kinds: Object.keys(update) });
      res.status(200).json({ ok: true });
    } catch (err) {
      const ms = Date.now() - started;
      if (err instanceof PermanentError) {
        ulog.warn('update dropped: permanent failure', { err, ms });
        res.status(200).json({ ok: true });
      } else if (err instanceof ConfigError) {
        ulog.critical('configuration error; Telegram will redeliver', { err, ms });
        res.status(500).send('Internal Server Error');
      } else {
        const level = err instanceof RetryableError ? 'warn' : 'error';
        ulog[level]('update failed; Telegram will redeliver', { err, ms });
        res.status(500).send('Internal Server Error');
      }
    }
  };
}
