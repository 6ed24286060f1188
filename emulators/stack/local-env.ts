import path from 'node:path';
import { REPLIES_TOPIC } from '../../shared/topics';
import { localIam, type LocalIam } from '../iam/local-plan';
import { loadDotEnv } from './env';
import { ROOT } from './functions';

/** The fixed local ports of `.env.example`; `npm start` uses the same ones. */
export const DEFAULT_PORTS = {
  webhook: 8081,
  matting: 8082,
  sender: 8083,
  pubsub: 8085,
  firestore: 8086,
  storage: 9090,
  telegram: 8090,
} as const;

export type LocalPorts = Record<keyof typeof DEFAULT_PORTS, number>;

/** The functions of the one-function workflow: each folder under functions/. */
export const LOCAL_FUNCTIONS = ['webhook', 'matting', 'sender'] as const;
export type LocalFunction = (typeof LOCAL_FUNCTIONS)[number];

/** The setting that moves each port. */
export const PORT_VARS: Record<keyof LocalPorts, string> = {
  webhook: 'WEBHOOK_PORT',
  matting: 'MATTING_PORT',
  sender: 'SENDER_PORT',
  pubsub: 'PUBSUB_EMULATOR_PORT',
  firestore: 'FIRESTORE_EMULATOR_PORT',
  storage: 'STORAGE_EMULATOR_PORT',
  telegram: 'TELEGRAM_EMULATOR_PORT',
};

/**
 * Same value as the Telegram emulator's DEFAULT_TOKEN, repeated here so that a function
 * process does not load the emulator (and sharp) just to learn it. `npm run emulators`
 * starts the emulator with TELEGRAM_BOT_TOKEN, so the two cannot disagree.
 */
export const LOCAL_BOT_TOKEN = '123456:TEST-token-for-the-local-emulator-only';
/** Webhook secret of the one-function workflow; the README's curl lines send it. */
export const LOCAL_WEBHOOK_SECRET = 'local-webhook-secret';

export interface LocalEnv {
  /** the settings file that was read, if any */
  file?: string;
  ports: LocalPorts;
  /** false when TELEGRAM_API_ROOT was set by the user: a real Bot API server is used */
  telegramEmulator: boolean;
}

/**
 * Settings for `npm run emulators`, `npm run fn:*` and `npm run emit`: the environment,
 * then `.env` (or the file named by ENV_FILE), then local defaults that point every
 * client at the emulators on the fixed ports. Written into process.env, so that a function
 * started by the Functions Framework in this process reads them like in the cloud, and
 * so that each of these commands agrees with the others without any flag.
 */
export function loadLocalEnv(): LocalEnv {
  const env = process.env;
  const file = loadDotEnv(env.ENV_FILE ? path.resolve(ROOT, env.ENV_FILE) : undefined);
  const ports = {} as LocalPorts;
  for (const key of Object.keys(DEFAULT_PORTS) as (keyof LocalPorts)[]) {
    const raw = env[PORT_VARS[key]];
    const port = raw ? Number(raw) : DEFAULT_PORTS[key];
    if (!Number.isInteger(port) || port <= 0 || port > 65535) {
      throw new Error(`${PORT_VARS[key]} is not a port: ${raw}`);
    }
    ports[key] = port;
  }
  const telegramEmulator = !env.TELEGRAM_API_ROOT;
  const defaults: Record<string, string> = {
    // Off Google Cloud the auth library would otherwise probe the metadata server.
    METADATA_SERVER_DETECTION: 'none',
    GOOGLE_CLOUD_PROJECT: 'local-project',
    STORAGE_EMULATOR_HOST: `http://127.0.0.1:${ports.storage}`,
    PUBSUB_EMULATOR_HOST: `127.0.0.1:${ports.pubsub}`,
    FIRESTORE_EMULATOR_HOST: `127.0.0.1:${ports.firestore}`,
    UPLOADS_BUCKET: 'sticker-uploads-local',
    STICKERS_BUCKET: 'sticker-stickers-local',
    REPLIES_TOPIC,
    TELEGRAM_API_ROOT: `http://127.0.0.1:${ports.telegram}`,
    TELEGRAM_BOT_TOKEN: LOCAL_BOT_TOKEN,
    TELEGRAM_WEBHOOK_SECRET: LOCAL_WEBHOOK_SECRET,
  };
  for (const [key, value] of Object.entries(defaults)) {
    if (!env[key]) env[key] = value;
  }
  return { file, ports, telegramEmulator };
}

/** A required setting after {@link loadLocalEnv}; the defaults make it always present. */
export function setting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** The deploy plan's IAM for the settings {@link loadLocalEnv} gave (names, grants, accounts). */
export function localIamFromEnv(): LocalIam {
  return localIam({
    projectId: setting('GOOGLE_CLOUD_PROJECT'),
    uploadsBucket: setting('UPLOADS_BUCKET'),
    stickersBucket: setting('STICKERS_BUCKET'),
    database: process.env.FIRESTORE_DATABASE || undefined,
  });
}
