/**
 * `npm run emit`: puts one real event into the running local stack (`npm run emulators`
 * or `npm start`), through the path the cloud would take, with the production clients
 * and the project's own schemas:
 *
 *   npm run emit -- upload PATH [--chat ID] [--message-id N] [--update-id N]
 *                   [--caption TEXT] [--source photo|document|video|animation|video_note]
 *                   [--no-outline]
 *     stores PATH in the uploads bucket as the webhook would, so Storage fires matting; a
 *     clip (video, GIF, animated WebP: told from its bytes, as the webhook does) is marked
 *     as one and becomes a video sticker;
 *   npm run emit -- reply --chat ID (--text-key KEY [--param k=v]... | --sticker OBJECT
 *                   [--bucket NAME]) [--reply-to N] [--update-id N] [--language CODE]
 *     publishes a reply on sticker-replies as matting would, so Pub/Sub pushes it to sender.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { PubSub } from '@google-cloud/pubsub';
import { MESSAGE_KEYS, type MessageKey } from '../../shared/messages';
import { encodeReply, type ReplyMessageInput } from '../../shared/reply-message';
import { createObjectStore, createStorage } from '../../shared/storage';
import { EMULATOR_SERVICE_ACCOUNT } from '../../shared/emulator-identity';
import { UPLOAD_SOURCES, encodeUploadMetadata, uploadObjectName } from '../../shared/upload-object';
import { sniffMedia } from '../../functions/webhook/media';
import { loadLocalEnv, localIamFromEnv, setting } from './local-env';

const USAGE = `usage:
  npm run emit -- upload PATH [--chat ID] [--message-id N] [--update-id N] [--caption TEXT]
                  [--source photo|document|video|animation|video_note] [--no-outline]
  npm run emit -- reply --chat ID (--text-key KEY [--param k=v]... | --sticker OBJECT [--bucket NAME])
                  [--reply-to N] [--update-id N] [--language CODE]`;

/** The chat of the samples: the Telegram emulator of `npm run emulators` knows it. */
const SAMPLE_CHAT = '4242';

class UsageError extends Error {}

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new UsageError(`--${name} must be an integer: ${value}`);
  return n;
}

/** Fails early, with the fix, when the emulator to talk to is not running. */
async function reachable(url: string, what: string): Promise<void> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
  } catch {
    throw new Error(`nothing answers at ${url} (${what}): is \`npm run emulators\` running?`);
  }
}

const isUploadSource = (s: string): s is (typeof UPLOAD_SOURCES)[number] =>
  (UPLOAD_SOURCES as readonly string[]).includes(s);

const isMessageKey = (k: string): k is MessageKey =>
  (MESSAGE_KEYS as readonly string[]).includes(k);

/** A fresh update id per emit, so that the idempotency markers never swallow a new event. */
const freshUpdateId = () => Math.floor(Date.now() / 100) % 1_000_000_000;

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      chat: { type: 'string', default: SAMPLE_CHAT },
      'message-id': { type: 'string' },
      'update-id': { type: 'string' },
      'reply-to': { type: 'string' },
      caption: { type: 'string' },
      source: { type: 'string', default: 'document' },
      'no-outline': { type: 'boolean', default: false },
      'text-key': { type: 'string' },
      param: { type: 'string', multiple: true, default: [] },
      sticker: { type: 'string' },
      bucket: { type: 'string' },
      language: { type: 'string', default: 'en' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, file, ...extra] = positionals;
  if (values.help) return console.log(USAGE);
  if (extra.length) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  loadLocalEnv();
  const chatId = int('chat', values.chat)!;
  const updateId = int('update-id', values['update-id']) ?? freshUpdateId();

  if (command === 'upload') {
    if (!file) throw new UsageError('upload needs the PATH of an image or a clip');
    const source = values.source;
    if (!isUploadSource(source)) {
      throw new UsageError(`--source must be one of ${UPLOAD_SOURCES.join(', ')}`);
    }
    const data = await readFile(file);
    // What the webhook would have sniffed; anything else reaches matting as not an image.
    const sniffed = sniffMedia(data);
    const contentType = sniffed?.contentType ?? 'application/octet-stream';
    await reachable(setting('STORAGE_EMULATOR_HOST'), 'STORAGE_EMULATOR_HOST');
    const bucket = setting('UPLOADS_BUCKET');
    const name = uploadObjectName(chatId, updateId);
    const metadata = encodeUploadMetadata({
      chatId,
      messageId: int('message-id', values['message-id']) ?? 1,
      userId: chatId,
      updateId,
      languageCode: values.language,
      caption: values.caption,
      source,
      ...(sniffed?.media === 'clip' && { media: 'clip' as const }),
      ...(values['no-outline'] && { options: { outline: false } }),
    });
    // As the webhook's own account, which may create uploads (and do nothing else there).
    const asWebhook = {
      ...process.env,
      [EMULATOR_SERVICE_ACCOUNT]: localIamFromEnv().accounts.webhook,
    };
    const store = createObjectStore(createStorage({}, asWebhook));
    const result = await store.create(bucket, name, data, { contentType, metadata });
    if (result === 'exists') throw new Error(`gs://${bucket}/${name} exists already`);
    console.log(`uploaded gs://${bucket}/${name} (${contentType}, ${data.length} bytes)`);
    console.log('Storage now delivers a finalized event to matting.');
    return;
  }

  if (command === 'reply') {
    if (file) throw new UsageError(`reply takes no PATH: ${file}`);
    const base = {
      v: 1 as const,
      chatId,
      updateId,
      replyTo: int('reply-to', values['reply-to']),
      languageCode: values.language,
    };
    let reply: ReplyMessageInput;
    if (values.sticker && !values['text-key']) {
      const bucket = values.bucket ?? setting('STICKERS_BUCKET');
      reply = { ...base, kind: 'sticker', bucket, object: values.sticker };
    } else if (values['text-key'] && !values.sticker) {
      const key = values['text-key'];
      if (!isMessageKey(key)) {
        throw new UsageError(`--text-key must be one of ${MESSAGE_KEYS.join(', ')}`);
      }
      const params = Object.fromEntries(
        values.param.map((p) => {
          const eq = p.indexOf('=');
          if (eq <= 0) throw new UsageError(`--param must be k=v: ${p}`);
          return [p.slice(0, eq), p.slice(eq + 1)];
        }),
      );
      reply = { ...base, kind: 'text', key, params };
    } else {
      throw new UsageError('reply needs exactly one of --text-key KEY and --sticker OBJECT');
    }
    const { data, attributes } = encodeReply(reply);
    await reachable(`http://${setting('PUBSUB_EMULATOR_HOST')}`, 'PUBSUB_EMULATOR_HOST');
    const topicName = setting('REPLIES_TOPIC');
    const pubsub = new PubSub({ projectId: setting('GOOGLE_CLOUD_PROJECT') });
    try {
      const id = await pubsub.topic(topicName).publishMessage({ data, attributes });
      console.log(`published message ${id} on ${topicName}: ${data.toString()}`);
      console.log('Pub/Sub now pushes it to sender.');
    } finally {
      await pubsub.close();
    }
    return;
  }
  throw new UsageError(command ? `unknown command: ${command}` : 'upload or reply?');
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  console.error(`npm run emit failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
