import { randomBytes } from 'node:crypto';
import { Telegram } from 'telegraf';
import { ALLOWED_UPDATES } from '../../shared/allowed-updates';
import { RECORD_GOOGLE_API_CALLS } from '../../shared/api-calls';
import { EMULATOR_SERVICE_ACCOUNT } from '../../shared/emulator-identity';
import { registerCommands } from '../../shared/commands';
import {
  FUNCTION_TIMEOUT_SECONDS,
  ackDeadlineSeconds,
  type FunctionTarget,
} from '../../shared/platform';
import { DEAD_LETTER_TOPIC, REPLIES_TOPIC } from '../../shared/topics';
import { startFirestoreEmulator, type FirestoreEmulator } from './firestore';
import { startFunction, type FunctionName, type FunctionProcess } from './functions';
import { storageAs } from './identities';
import { freePort } from './ports';
import { startPubSubEmulator, type PubSubEmulator } from './pubsub';
import { stageTimingsFromLog } from './stage-timings';
import { startStorageEmulator, type StorageEmulator } from '../storage/server';
import { callViolations, type CallViolation } from '../iam/calls';
import { localIam, type LocalIam } from '../iam/local-plan';
import { startTelegramEmulator, type TelegramEmulator } from '../telegram/server';

export const SENDER_SUBSCRIPTION = 'sticker-sender';
export const DEAD_LETTER_SUBSCRIPTION = 'sticker-dead-letter-apology';

/**
 * Delivery settings of the local push subscriptions. No `retryPolicy`: the Pub/Sub
 * emulator (0.8.20) silently drops messages it fails to push while a retry policy is set
 * (seen with the sender's endpoint down: they are never redelivered nor dead-lettered).
 * Without one it retries about once a second, so 20 attempts cover a ~20 s outage before
 * the dead-letter path apologises. Production subscriptions use exponential backoff.
 */
export function localPushSubscription(
  functionUrl: string,
  projectId: string,
  topicId: string,
  deadLetterTopic?: string,
  /** the pushed function's timeout (shared/platform.ts); the ack deadline derives from it */
  timeoutSeconds = FUNCTION_TIMEOUT_SECONDS.sender,
) {
  return {
    // The Functions Framework turns a push to this path into a messagePublished CloudEvent.
    pushConfig: { pushEndpoint: `${functionUrl}/projects/${projectId}/topics/${topicId}` },
    ackDeadlineSeconds: ackDeadlineSeconds(timeoutSeconds),
    ...(deadLetterTopic ? { deadLetterPolicy: { deadLetterTopic, maxDeliveryAttempts: 20 } } : {}),
  };
}

export interface StackOptions {
  /** fixed ports; a missing one is picked free */
  ports?: Partial<Record<FunctionName | 'storage' | 'pubsub' | 'firestore' | 'telegram', number>>;
  /** a real Bot API server (Telegram, or a self-hosted one) instead of the local emulator */
  telegram?: { apiRoot: string; token: string; webhookSecret: string; webhookUrl?: string };
  projectId?: string;
  uploadsBucket?: string;
  stickersBucket?: string;
  /** run the functions from TypeScript through tsx instead of dist/ */
  fromSource?: boolean;
  /** every line a piece of the stack prints, with where it came from */
  onLine?: (source: string, line: string) => void;
  /** extra settings for the function processes */
  env?: NodeJS.ProcessEnv;
  /** Eventarc-style delivery retry settings of the storage emulator */
  delivery?: { initialBackoffMs?: number; maxBackoffMs?: number; maxAttempts?: number };
  /**
   * Request timeouts in seconds, enforced in front of each function as Cloud Run does
   * (504) and given to it in FUNCTION_TIMEOUT_SECONDS; the push ack deadlines follow.
   * Default: the deployed ones (shared/platform.ts); tests pass shorter ones.
   */
  timeouts?: Partial<Record<FunctionTarget, number>>;
}

export interface Stack {
  projectId: string;
  uploadsBucket: string;
  stickersBucket: string;
  /** the local Telegram emulator; absent when a real Bot API server is used */
  telegram?: TelegramEmulator;
  apiRoot: string;
  botToken: string;
  webhookSecret: string;
  webhookUrl: string;
  storage: StorageEmulator;
  /** the deploy plan's IAM, which the Storage emulator enforces, and who runs each function */
  iam: LocalIam;
  pubsub: PubSubEmulator;
  firestore: FirestoreEmulator;
  functions: Record<FunctionName, FunctionProcess>;
  /** the environment the functions run with (emulator hosts, buckets, token) */
  functionEnv: NodeJS.ProcessEnv;
  /**
   * The Pub/Sub and Firestore calls made so far that the deploy plan's grants would refuse
   * (the official emulators do not check IAM; the functions record their calls).
   */
  callViolations(): CallViolation[];
  stop(): Promise<void>;
}

/**
 * Starts the whole chain on one machine with no cloud account: the Storage and Telegram
 * emulators (in this process), the official Pub/Sub and Firestore emulators, and the functions,
 * each in its own Functions Framework process; then wires them as the cloud would:
 * Eventarc-style trigger uploads → matting, push subscription sticker-replies → sender,
 * and the Bot API's webhook → webhook.
 */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const projectId = opts.projectId ?? 'local-project';
  const uploadsBucket = opts.uploadsBucket ?? 'sticker-uploads-local';
  const stickersBucket = opts.stickersBucket ?? 'sticker-stickers-local';
  // Before anything starts: a grant the local IAM cannot evaluate stops the stack here.
  const iam = localIam({ projectId, uploadsBucket, stickersBucket });
  const port = async (k: keyof NonNullable<StackOptions['ports']>) =>
    opts.ports?.[k] || (await freePort());
  const line = (source: string) => (l: string) => opts.onLine?.(source, l);
  const timeouts = { ...FUNCTION_TIMEOUT_SECONDS, ...opts.timeouts };
  const started: { stop(): Promise<void> }[] = [];
  let giveUp = (e: { body: string; attempts: number }): void => {
    opts.onLine?.('stack', `event given up before Pub/Sub was ready (${e.attempts} attempts)`);
  };
  const stopAll = async () => {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
  };

  try {
    const [storage, pubsub, firestore, telegram] = await Promise.all([
      port('storage').then((p) =>
        startStorageEmulator({
          port: p,
          iam: iam.policy,
          log: (o) => opts.onLine?.('storage', JSON.stringify(o)),
          // As Eventarc does for a trigger with a dead-letter topic: an event given up after
          // its last attempt goes to sticker-dead-letter, where deadLetter apologises.
          // The trigger's ack deadline bounds each push, as Eventarc's subscription does.
          delivery: {
            timeoutMs: ackDeadlineSeconds(timeouts.matting) * 1000,
            ...opts.delivery,
            onGiveUp: (e) => giveUp(e),
          },
        }),
      ),
      port('pubsub').then((p) => startPubSubEmulator({ port: p, projectId, log: line('pubsub') })),
      port('firestore').then((p) =>
        startFirestoreEmulator({ port: p, projectId, log: line('firestore') }),
      ),
      opts.telegram
        ? Promise.resolve(undefined)
        : port('telegram').then((p) =>
            startTelegramEmulator({
              port: p,
              log: (o) => opts.onLine?.('telegram', JSON.stringify(o)),
            }),
          ),
    ]);
    started.push({ stop: () => storage.close() }, pubsub, firestore);
    if (telegram) started.push({ stop: () => telegram.close() });

    const apiRoot = opts.telegram?.apiRoot ?? telegram!.apiRoot;
    const botToken = opts.telegram?.token ?? telegram!.token;
    const webhookSecret = opts.telegram?.webhookSecret ?? randomBytes(24).toString('base64url');

    const s = storageAs(storage.url, projectId);
    await Promise.all([s.createBucket(uploadsBucket), s.createBucket(stickersBucket)]);
    const [replies] = await pubsub.client.createTopic(REPLIES_TOPIC);
    const [deadLetter] = await pubsub.client.createTopic(DEAD_LETTER_TOPIC);
    giveUp = (e) => {
      deadLetter
        .publishMessage({
          data: Buffer.from(e.body),
          attributes: {
            CloudPubSubDeadLetterSourceSubscription: 'eventarc-uploads-to-matting',
            CloudPubSubDeadLetterSourceDeliveryCount: String(e.attempts),
          },
        })
        .catch((err: unknown) =>
          opts.onLine?.('stack', `dead-letter publish failed: ${String(err)}`),
        );
    };

    const functionEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      METADATA_SERVER_DETECTION: 'none',
      GOOGLE_CLOUD_PROJECT: projectId,
      STORAGE_EMULATOR_HOST: storage.url,
      PUBSUB_EMULATOR_HOST: pubsub.host,
      FIRESTORE_EMULATOR_HOST: firestore.host,
      UPLOADS_BUCKET: uploadsBucket,
      STICKERS_BUCKET: stickersBucket,
      REPLIES_TOPIC,
      [RECORD_GOOGLE_API_CALLS]: '1',
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_BOT_TOKEN: botToken,
      TELEGRAM_WEBHOOK_SECRET: webhookSecret,
      ...opts.env,
    };
    const names: FunctionName[] = ['webhook', 'matting', 'sender', 'deadLetter'];
    const procs = await Promise.all(
      names.map(async (name) =>
        startFunction({
          name,
          port: await port(name),
          // Each function calls Google APIs as the account deploy gives it.
          env: { ...functionEnv, [EMULATOR_SERVICE_ACCOUNT]: iam.accounts[name] },
          fromSource: opts.fromSource,
          timeoutSeconds: timeouts[name],
          onLine: (n, l) => {
            opts.onLine?.(n, l);
            // Per-stage timings for the chat page, read from the functions' own log lines.
            for (const t of telegram ? stageTimingsFromLog(n, l) : []) {
              telegram?.annotateUpdate(t.updateId, { stage: t.stage, ms: t.ms });
            }
          },
        }),
      ),
    );
    started.push(...procs);
    const functions = Object.fromEntries(procs.map((p) => [p.name, p])) as Record<
      FunctionName,
      FunctionProcess
    >;

    storage.subscribe(uploadsBucket, functions.matting.url);
    await replies.createSubscription(
      SENDER_SUBSCRIPTION,
      localPushSubscription(
        functions.sender.url,
        projectId,
        REPLIES_TOPIC,
        deadLetter.name,
        timeouts.sender,
      ),
    );
    await deadLetter.createSubscription(
      DEAD_LETTER_SUBSCRIPTION,
      localPushSubscription(
        functions.deadLetter.url,
        projectId,
        DEAD_LETTER_TOPIC,
        undefined,
        timeouts.deadLetter,
      ),
    );

    const webhookUrl = opts.telegram?.webhookUrl ?? functions.webhook.url;
    const bot = new Telegram(botToken, { apiRoot });
    await bot.setWebhook(webhookUrl, {
      secret_token: webhookSecret,
      allowed_updates: [...ALLOWED_UPDATES],
    });
    await registerCommands(bot);

    return {
      projectId,
      uploadsBucket,
      stickersBucket,
      telegram,
      apiRoot,
      botToken,
      webhookSecret,
      webhookUrl,
      storage,
      iam,
      pubsub,
      firestore,
      functions,
      functionEnv,
      callViolations: () =>
        callViolations(
          iam.policy,
          iam.accounts,
          Object.fromEntries(procs.map((p) => [p.name, p.logs])),
        ),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
