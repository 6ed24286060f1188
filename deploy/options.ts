import { parseArgs } from 'node:util';
import { settings } from '../shared/config';

/** What `npm run deploy` / `npm run teardown` were asked to do. */
export interface DeployOptions {
  project: string;
  region: string;
  /** prefix of every name the deploy creates, so two deployments can share a project */
  prefix: string;
  dryRun: boolean;
  uploadsBucket: string;
  stickersBucket: string;
  /** Pub/Sub deliveries of one event before it goes to the dead-letter topic (5-100) */
  maxDeliveryAttempts: number;
  mattingMaxInstances: number;
  webhookMaxInstances: number;
  senderMaxInstances: number;
  /** instances kept warm per function (billed while idle; 0: no cost at rest) */
  minInstances: { webhook: number; matting: number; sender: number };
  /** redeploy functions even when their source and settings did not change */
  force: boolean;
  /** replace a secret's value when the environment holds a different one */
  rotateSecrets: boolean;
  /** skip `npm run build` (dist/ is already fresh) */
  skipBuild: boolean;
  /** teardown only: also delete both buckets, the bot's Firestore data, and what is in them */
  deleteData: boolean;
  /** Firestore database holding chat settings, users' packs and fair-use counters */
  firestoreDatabase: string;
  /** photos per user per minute before the webhook refuses politely (0: no limit) */
  fairUsePhotosPerMinute: number;
  /** Bot API base for setWebhook, overridable so the call can be tested on the local emulator */
  telegramApiRoot: string;
}

/** Every name the deploy creates, derived in one place so deploy and teardown agree. */
export interface Names {
  functions: { webhook: string; matting: string; sender: string; deadLetter: string };
  topics: { replies: string; deadLetter: string };
  buckets: { uploads: string; stickers: string };
  /** Firestore database id (`(default)` or a named database) */
  database: string;
  /** service account emails */
  accounts: {
    webhook: string;
    matting: string;
    sender: string;
    deadLetter: string;
    trigger: string;
    build: string;
  };
  secrets: { botToken: string; webhookSecret: string };
  /** custom role id (read + delete on uploads, no create), see iam.ts */
  uploadsConsumerRole: string;
  /** custom role id (delete only: delivery claims, delivered stickers), see iam.ts */
  deliveryCleanupRole: string;
}

/** Thrown for bad command-line input; the CLI prints the message and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Shortest webhook secret deploy accepts from the user. Telegram allows 1-256 characters,
 * but the secret is all that tells Telegram's requests from forged ones: a short one can
 * be guessed. Deploy's own secret, when none is given, is 43 random characters.
 */
export const MIN_WEBHOOK_SECRET_LENGTH = 16;

/**
 * Refuses a user-supplied TELEGRAM_WEBHOOK_SECRET shorter than the minimum, before
 * anything is created; the message names the rule and the length, never the value.
 */
export function checkSecretValues(values: { TELEGRAM_WEBHOOK_SECRET?: string }): void {
  const secret = values.TELEGRAM_WEBHOOK_SECRET;
  if (secret === undefined || secret.length >= MIN_WEBHOOK_SECRET_LENGTH) return;
  throw new UsageError(
    `TELEGRAM_WEBHOOK_SECRET is ${secret.length} characters; deploy needs at least ` +
      `${MIN_WEBHOOK_SECRET_LENGTH} (A-Z a-z 0-9 _ -), since a short secret can be guessed. ` +
      'Unset it (environment and .env) to let deploy generate a 43-character one.',
  );
}

const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const REGION = /^[a-z]+-[a-z]+[0-9]+$/;
// `${prefix}-dead-letter` must fit a service account id (6-30 characters).
const PREFIX = /^[a-z](?:[a-z0-9-]{0,16}[a-z0-9])?$/;

const SPEC = {
  project: { type: 'string' },
  region: { type: 'string' },
  prefix: { type: 'string', default: 'sticker' },
  'dry-run': { type: 'boolean', default: false },
  'uploads-bucket': { type: 'string' },
  'stickers-bucket': { type: 'string' },
  'max-delivery-attempts': { type: 'string', default: '10' },
  'matting-max-instances': { type: 'string', default: '20' },
  'webhook-max-instances': { type: 'string', default: '20' },
  'sender-max-instances': { type: 'string', default: '12' },
  'webhook-min-instances': { type: 'string', default: '0' },
  'matting-min-instances': { type: 'string', default: '0' },
  'sender-min-instances': { type: 'string', default: '0' },
  force: { type: 'boolean', default: false },
  'rotate-secrets': { type: 'boolean', default: false },
  'skip-build': { type: 'boolean', default: false },
  'delete-data': { type: 'boolean', default: false },
  'firestore-database': { type: 'string', default: '(default)' },
  'fair-use-photos-per-minute': { type: 'string', default: '10' },
  'telegram-api-root': { type: 'string', default: 'https://api.telegram.org' },
} as const;

const ONLY = {
  deploy: new Set([
    '--max-delivery-attempts',
    '--matting-max-instances',
    '--webhook-max-instances',
    '--sender-max-instances',
    '--webhook-min-instances',
    '--matting-min-instances',
    '--sender-min-instances',
    '--force',
    '--rotate-secrets',
    '--skip-build',
    '--fair-use-photos-per-minute',
  ]),
  teardown: new Set(['--delete-data']),
};

/**
 * Parses and validates the command line. Names are checked here, before any `gcloud` call,
 * because a bad bucket or account name would otherwise fail halfway through a deploy.
 */
export function parseOptions(
  argv: readonly string[],
  mode: 'deploy' | 'teardown' = 'deploy',
): DeployOptions {
  const foreign = argv.find((a) =>
    ONLY[mode === 'deploy' ? 'teardown' : 'deploy'].has(a.split('=')[0]!),
  );
  if (foreign) throw new UsageError(`${foreign.split('=')[0]} is not an option of ${mode}`);
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: SPEC, strict: true }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const project = values.project;
  const region = values.region;
  if (!project || !PROJECT_ID.test(project)) {
    throw new UsageError('--project must be a Google Cloud project id (6-30 of a-z 0-9 -)');
  }
  if (!region || !REGION.test(region)) {
    throw new UsageError('--region must be a Cloud Functions region such as europe-west1');
  }
  const prefix = values.prefix;
  if (!PREFIX.test(prefix)) {
    throw new UsageError('--prefix must be 1-18 of a-z 0-9 -, starting with a letter');
  }
  const uploadsBucket = values['uploads-bucket'] ?? `${project}-${prefix}-uploads`;
  const stickersBucket = values['stickers-bucket'] ?? `${project}-${prefix}-stickers`;
  for (const [flag, name] of [
    ['--uploads-bucket', uploadsBucket],
    ['--stickers-bucket', stickersBucket],
  ] as const) {
    if (!settings.bucket.safeParse(name).success || name.length > 63 || name.includes('google')) {
      throw new UsageError(`${flag}: "${name}" is not a valid bucket name (3-63 of a-z 0-9 - _)`);
    }
  }
  const firestoreDatabase = values['firestore-database'];
  if (!settings.firestoreDatabase.safeParse(firestoreDatabase).success) {
    throw new UsageError(
      `--firestore-database: "${firestoreDatabase}" is not (default) or a database id ` +
        '(4-63 of a-z 0-9 -, starting with a letter)',
    );
  }
  if (uploadsBucket === stickersBucket) {
    throw new UsageError(
      'uploads and stickers must be different buckets (matting would retrigger)',
    );
  }
  return {
    project,
    region,
    prefix,
    dryRun: values['dry-run'],
    uploadsBucket,
    stickersBucket,
    maxDeliveryAttempts: intIn(values['max-delivery-attempts'], '--max-delivery-attempts', 5, 100),
    mattingMaxInstances: intIn(values['matting-max-instances'], '--matting-max-instances', 1, 100),
    webhookMaxInstances: intIn(values['webhook-max-instances'], '--webhook-max-instances', 1, 100),
    senderMaxInstances: intIn(values['sender-max-instances'], '--sender-max-instances', 1, 24),
    minInstances: {
      webhook: intIn(values['webhook-min-instances'], '--webhook-min-instances', 0, 10),
      matting: intIn(values['matting-min-instances'], '--matting-min-instances', 0, 10),
      sender: intIn(values['sender-min-instances'], '--sender-min-instances', 0, 10),
    },
    force: values.force,
    rotateSecrets: values['rotate-secrets'],
    skipBuild: values['skip-build'],
    deleteData: values['delete-data'],
    firestoreDatabase,
    fairUsePhotosPerMinute: intIn(
      values['fair-use-photos-per-minute'],
      '--fair-use-photos-per-minute',
      0,
      1000,
    ),
    telegramApiRoot: values['telegram-api-root'].replace(/\/+$/, ''),
  };
}

function intIn(raw: string, flag: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}`);
  }
  return n;
}

/** Derives every resource name from the options (pure, so tests can check it directly). */
export function resourceNames(
  o: Pick<DeployOptions, 'project' | 'prefix' | 'firestoreDatabase'> & BucketNames,
): Names {
  const p = o.prefix;
  const sa = (id: string) => `${p}-${id}@${o.project}.iam.gserviceaccount.com`;
  return {
    functions: {
      webhook: `${p}-webhook`,
      matting: `${p}-matting`,
      sender: `${p}-sender`,
      deadLetter: `${p}-dead-letter`,
    },
    topics: { replies: `${p}-replies`, deadLetter: `${p}-dead-letter` },
    buckets: { uploads: o.uploadsBucket, stickers: o.stickersBucket },
    database: o.firestoreDatabase,
    accounts: {
      webhook: sa('webhook'),
      matting: sa('matting'),
      sender: sa('sender'),
      deadLetter: sa('dead-letter'),
      trigger: sa('trigger'),
      build: sa('build'),
    },
    secrets: { botToken: `${p}-bot-token`, webhookSecret: `${p}-webhook-secret` },
    uploadsConsumerRole: `${p.replace(/-/g, '_')}_uploads_consumer`,
    deliveryCleanupRole: `${p.replace(/-/g, '_')}_delivery_cleanup`,
  };
}

/** What every gcloud step of a deploy or a teardown is told: the names, where, and the project flag. */
export interface DeployTarget {
  names: Names;
  scope: { project: string; region: string };
  /** `--project=<id>`, given to every gcloud call */
  projectFlag: string;
}

/** The names and the place a deploy or a teardown works on, derived once from its options. */
export function deployTarget(options: DeployOptions): DeployTarget {
  return {
    names: resourceNames(options),
    scope: { project: options.project, region: options.region },
    projectFlag: `--project=${options.project}`,
  };
}

interface BucketNames {
  uploadsBucket: string;
  stickersBucket: string;
}
