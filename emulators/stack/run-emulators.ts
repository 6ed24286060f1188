/**
 * `npm run emulators`: the backends of the local stack without the functions, for
 * working on one function at a time (`npm run fn:<name>` in another terminal). Storage,
 * Pub/Sub and Telegram emulators on the fixed ports of `.env.example`, wired as the
 * cloud would be (uploads → matting, sticker-replies → sender, Bot API → webhook, each at
 * its fixed local port, whether that function runs or not), and loaded with what the
 * sample requests refer to. Runs until Ctrl+C.
 */
import { Telegram } from 'telegraf';
import { storageAs } from './identities';
import { loadLocalEnv, localIamFromEnv, setting } from './local-env';
import { startPubSubEmulator } from './pubsub';
import { startFirestoreEmulator } from './firestore';
import { registerCommands } from '../../shared/commands';
import { seedStorage, seedTelegram } from './sample-data';
import { ALLOWED_UPDATES } from '../../shared/allowed-updates';
import { DEAD_LETTER_TOPIC } from '../../shared/topics';
import { SENDER_SUBSCRIPTION, localPushSubscription } from './stack';
import { startStorageEmulator } from '../storage/server';
import { startTelegramEmulator } from '../telegram/server';
import type { SentMessage, TelegramEmulator } from '../telegram/types';

const verbose = process.env.STACK_LOG === 'all';

async function main(): Promise<void> {
  const { file, ports, telegramEmulator } = loadLocalEnv();
  const projectId = setting('GOOGLE_CLOUD_PROJECT');
  const uploads = setting('UPLOADS_BUCKET');
  const stickers = setting('STICKERS_BUCKET');
  const repliesTopic = setting('REPLIES_TOPIC');
  // The deploy plan's grants, which the Storage emulator enforces (fails here on one it
  // cannot evaluate, before anything listens).
  const iam = localIamFromEnv();
  const fnUrl = (port: number) => `http://127.0.0.1:${port}`;
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const s of stops.reverse()) await s().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    console.log(`Starting the emulators${file ? ` (settings from ${file})` : ''}…`);
    const [storage, pubsub, firestore, tg] = await Promise.all([
      startStorageEmulator({
        port: ports.storage,
        iam: iam.policy,
        log: (o) => print('storage', o),
      }),
      startPubSubEmulator({
        port: ports.pubsub,
        projectId,
        log: (l) => verbose && say('pubsub', l),
      }),
      startFirestoreEmulator({
        port: ports.firestore,
        projectId,
        log: (l) => verbose && say('firestore', l),
      }),
      telegramEmulator
        ? startTelegramEmulator({
            port: ports.telegram,
            token: setting('TELEGRAM_BOT_TOKEN'),
            log: (o) => print('telegram', o),
          })
        : undefined,
    ]);
    stops.push(
      () => storage.close(),
      () => pubsub.stop(),
      () => firestore.stop(),
    );
    if (tg) stops.push(() => tg.close());

    const gcs = storageAs(storage.url, projectId);
    await Promise.all([gcs.createBucket(uploads), gcs.createBucket(stickers)]);
    await seedStorage(gcs);
    // Eventarc-style trigger, added after the seeding so the sample upload waits for its event.
    storage.subscribe(uploads, `${fnUrl(ports.matting)}/`);
    const [replies] = await pubsub.client.createTopic(repliesTopic);
    const [deadLetter] = await pubsub.client.createTopic(DEAD_LETTER_TOPIC);
    await replies.createSubscription(
      SENDER_SUBSCRIPTION,
      localPushSubscription(fnUrl(ports.sender), projectId, repliesTopic, deadLetter.name),
    );
    if (tg) {
      await seedTelegram(tg);
      const bot = new Telegram(tg.token, { apiRoot: tg.apiRoot });
      await bot.deleteWebhook({ drop_pending_updates: true });
      await bot.setWebhook(`${fnUrl(ports.webhook)}/`, {
        secret_token: setting('TELEGRAM_WEBHOOK_SECRET'),
        allowed_updates: [...ALLOWED_UPDATES],
      });
      await registerCommands(bot);
      watchSent(tg);
    }

    console.log(
      [
        '',
        `  Storage emulator   ${storage.url}  buckets ${uploads}, ${stickers}`,
        `                     finalized events of ${uploads} → matting at ${fnUrl(ports.matting)}/`,
        `  Pub/Sub emulator   ${pubsub.host}  project ${projectId}, topics ${repliesTopic}, ${DEAD_LETTER_TOPIC}`,
        `                     ${repliesTopic} pushed to sender at ${fnUrl(ports.sender)}/`,
        `  Firestore emulator ${firestore.host}  chat settings, sticker packs, fair use (webhook)`,
        tg
          ? `  Telegram emulator  ${tg.apiRoot}  webhook → ${fnUrl(ports.webhook)}/, chat of the samples known`
          : `  Telegram           ${setting('TELEGRAM_API_ROOT')} (TELEGRAM_API_ROOT is set: no emulator)`,
        '',
        'Emulators ready. Start a function in another terminal: npm run fn:webhook | fn:matting | fn:sender',
        'Ctrl+C stops the emulators.',
        '',
      ].join('\n'),
    );
  } catch (err) {
    console.error(`npm run emulators failed: ${err instanceof Error ? err.message : String(err)}`);
    await stop(1);
  }
}

function say(source: string, text: string): void {
  console.log(`${source.padEnd(9)}${text}`);
}

/** One readable line per emulator event; request-level DEBUG lines only with STACK_LOG=all. */
function print(source: string, o: Record<string, unknown>): void {
  const sev = typeof o.severity === 'string' ? o.severity : 'INFO';
  if (sev === 'DEBUG' && !verbose) return;
  const { severity: _s, message, time: _t, ...fields } = o;
  const details = Object.entries(fields)
    .filter(([, v]) => v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  say(source, `${sev.padEnd(8)}${String(message)}${details ? `  ${details}` : ''}`);
}

/** Prints each message the bot sends, since the emulator only records them in memory. */
function watchSent(tg: TelegramEmulator): void {
  let seen = 0;
  setInterval(() => {
    const sent = tg.sentMessages();
    for (const m of sent.slice(seen)) say('telegram', `SENT    ${describeSent(m)}`);
    seen = sent.length;
  }, 100).unref();
}

function describeSent(m: SentMessage): string {
  const kind = m.method === 'sendMessage' ? 'message' : m.method.replace(/^send/, '').toLowerCase();
  const reply = m.replyToMessageId === undefined ? '' : ` in reply to ${m.replyToMessageId}`;
  const what = m.file
    ? `${m.file.mimeType} ${m.file.width ?? '?'}x${m.file.height ?? '?'}, ${m.file.data.length} bytes`
    : JSON.stringify(m.text ?? m.caption ?? '');
  return `bot sent ${kind} to chat ${m.chatId}${reply}: ${what}`;
}

void main();
