import type { DeployOptions, Names } from './options';
import { STAGE_DIR, type SourceName } from './stage';
import {
  FUNCTION_TIMEOUT_SECONDS,
  TIMEOUT_SETTING,
  gcloudDuration,
  type FunctionTarget,
} from '../shared/platform';

/** The Node.js runtime every function is deployed on. */
export const RUNTIME = 'nodejs22';

/** How a function is started. */
export type Trigger =
  { kind: 'http' } | { kind: 'storage'; bucket: string } | { kind: 'topic'; topic: string };

/** Everything `gcloud functions deploy` needs to know about one function. */
export interface FunctionSpec {
  name: string;
  entryPoint: 'webhook' | 'matting' | 'sender' | 'deadLetter';
  source: SourceName;
  trigger: Trigger;
  serviceAccount: string;
  memory: string;
  cpu?: string;
  maxInstances: number;
  /** instances kept warm (billed while idle: `npm run cost` prints what one costs) */
  minInstances: number;
  timeout: string;
  env: Record<string, string>;
  /** env var → secret name (the version is pinned at deploy time) */
  secrets: Record<string, string>;
}

/**
 * The four functions, in deploy order: consumers first, so that by the time the webhook
 * accepts photos every later step is in place.
 *
 * Sizing: matting peaks at ≤ 400 MiB RSS on a 20 MP photo (benchmark), so 1 GiB leaves room
 * for the decoded photo, the wasm heap and Node; the wasm backend is single-threaded in
 * Node, so one vCPU is what it can use. The other three hold one small request each and
 * peak at ≤ 150 MiB: 256 MiB. Concurrency is 1 everywhere (below 1 vCPU it must be).
 * Clips (moving stickers) run in the same function: the worst clip accepted
 * (shared/limits.ts: 1920 px, 60 fps, first 3 s decoded at ≤ 512 px and ≤ 30 fps) holds
 * ≤ 90 frames and their mattes (≈ 150 MB) plus one FFmpeg child at a time, within 1 GiB,
 * and takes ≈ 15-20 s of one vCPU, well inside the 120 s timeout. With concurrency 1 a
 * clip holds one instance; photos arriving meanwhile go to other instances, so they keep
 * their latency as long as max instances are not all busy (functions/README.md, "Moving
 * stickers").
 */
export function functionSpecs(o: DeployOptions, n: Names): FunctionSpec[] {
  // What a spec takes from its target: its names, its instance bounds, and the timeout
  // from shared/platform.ts, the same value also in the environment (timeoutEnv): each
  // function derives its own bounds (Bot API calls, the claim lease) from it.
  const base = (target: FunctionTarget, maxInstances: number, minInstances: number) => ({
    name: n.functions[target],
    entryPoint: target,
    serviceAccount: n.accounts[target],
    maxInstances,
    minInstances,
    timeout: gcloudDuration(FUNCTION_TIMEOUT_SECONDS[target]),
  });
  const timeoutEnv = (target: FunctionTarget) => ({
    [TIMEOUT_SETTING]: String(FUNCTION_TIMEOUT_SECONDS[target]),
  });
  const telegramSender = (
    target: keyof typeof TELEGRAM_BUDGET,
    instances: number,
    warm: number,
  ) => ({
    ...base(target, instances, warm),
    source: 'sender' as const,
    memory: '256Mi',
    env: {
      ...timeoutEnv(target),
      STICKERS_BUCKET: n.buckets.stickers,
      TELEGRAM_MESSAGES_PER_SECOND: String(messagesPerInstance(TELEGRAM_BUDGET[target], instances)),
    },
    secrets: { TELEGRAM_BOT_TOKEN: n.secrets.botToken },
  });
  return [
    {
      ...telegramSender('deadLetter', DEAD_LETTER_MAX_INSTANCES, 0),
      trigger: { kind: 'topic', topic: n.topics.deadLetter },
    },
    {
      ...telegramSender('sender', o.senderMaxInstances, o.minInstances.sender),
      trigger: { kind: 'topic', topic: n.topics.replies },
    },
    {
      ...base('matting', o.mattingMaxInstances, o.minInstances.matting),
      source: 'matting',
      trigger: { kind: 'storage', bucket: n.buckets.uploads },
      memory: '1Gi',
      cpu: '1',
      env: {
        ...timeoutEnv('matting'),
        STICKERS_BUCKET: n.buckets.stickers,
        REPLIES_TOPIC: n.topics.replies,
        GOOGLE_CLOUD_PROJECT: o.project,
        TFJS_BACKEND: 'wasm',
      },
      secrets: {},
    },
    {
      ...base('webhook', o.webhookMaxInstances, o.minInstances.webhook),
      source: 'webhook',
      trigger: { kind: 'http' },
      memory: '256Mi',
      // Only the webhook uses Firestore (chat settings, packs, fair use): see iam.ts.
      env: {
        ...timeoutEnv('webhook'),
        UPLOADS_BUCKET: n.buckets.uploads,
        GOOGLE_CLOUD_PROJECT: o.project,
        FIRESTORE_DATABASE: n.database,
        FAIR_USE_PHOTOS_PER_MINUTE: String(o.fairUsePhotosPerMinute),
      },
      secrets: {
        TELEGRAM_BOT_TOKEN: n.secrets.botToken,
        TELEGRAM_WEBHOOK_SECRET: n.secrets.webhookSecret,
      },
    },
  ];
}

/**
 * Telegram lets a bot send about 30 messages a second. Each sending function gets a share,
 * split evenly over its instances (each paces itself: functions/sender/pacer.ts), so the
 * sum holds however many instances run; the rest is left for the webhook's own answers
 * (commands, refusals), which are one per update and not paced.
 */
export const TELEGRAM_BUDGET = { sender: 24, deadLetter: 2 } as const;
const DEAD_LETTER_MAX_INSTANCES = 2;

/**
 * An instance's rate, so that `instances` of them never send more than `budget` messages
 * in any one second. An instance paced at r messages/s (one every 1/r s) can fit ⌊r⌋ + 1
 * of them in a second, so r stays below ⌊budget / instances⌋ (and at most the even
 * share); e.g. 12 instances of a 24/s budget: 1.9/s each, 22.8/s in all, 24 at worst.
 */
export function messagesPerInstance(budget: number, instances: number): number {
  const whole = Math.floor(budget / instances);
  if (whole < 1) throw new Error(`${instances} instances cannot share ${budget} messages/s`);
  return Math.min(Math.floor((budget / instances) * 10) / 10, whole - 0.1);
}

/** What a deploy command depends on besides the spec. */
export interface DeployContext {
  project: string;
  region: string;
  triggerAccount: string;
  buildAccount: string;
  /** secret name → pinned version number */
  secretVersions: Record<string, string>;
}

/**
 * The `gcloud functions deploy` arguments for one function (`labels`: KEY=VALUE,...).
 * Secrets are pinned to a version number: a running instance never changes value under
 * its feet, a rotation takes effect with the next deploy, and a rollback to an older
 * revision brings back the secret it ran with.
 */
export function deployArgs(f: FunctionSpec, c: DeployContext, labels?: string): string[] {
  const args = [
    'functions',
    'deploy',
    f.name,
    '--gen2',
    `--project=${c.project}`,
    `--region=${c.region}`,
    `--runtime=${RUNTIME}`,
    `--source=${STAGE_DIR}/${f.source}`,
    `--entry-point=${f.entryPoint}`,
    `--service-account=${f.serviceAccount}`,
    `--build-service-account=projects/${c.project}/serviceAccounts/${c.buildAccount}`,
    `--memory=${f.memory}`,
    ...(f.cpu ? [`--cpu=${f.cpu}`] : []),
    '--concurrency=1',
    `--min-instances=${f.minInstances}`,
    `--max-instances=${f.maxInstances}`,
    `--timeout=${f.timeout}`,
    // A revision pinned by hand (a rollback) stays until this function changes again.
    '--serve-all-traffic-latest-revision',
    `--set-env-vars=${Object.entries(f.env)
      .map(([k, v]) => `${k}=${v}`)
      .join(',')}`,
  ];
  const secrets = Object.entries(f.secrets).map(([env, name]) => {
    const version = c.secretVersions[name];
    if (!version) throw new Error(`no version known for secret ${name}`);
    return `${env}=${name}:${version}`;
  });
  args.push(secrets.length > 0 ? `--set-secrets=${secrets.join(',')}` : '--clear-secrets');
  switch (f.trigger.kind) {
    case 'http':
      // Telegram must reach it; the secret header, checked in constant time, is the lock.
      args.push('--trigger-http', '--allow-unauthenticated', '--ingress-settings=all');
      break;
    case 'storage':
      args.push(
        '--trigger-event-filters=type=google.cloud.storage.object.v1.finalized',
        `--trigger-event-filters=bucket=${f.trigger.bucket}`,
      );
      break;
    case 'topic':
      args.push(`--trigger-topic=${f.trigger.topic}`);
      break;
  }
  if (f.trigger.kind !== 'http') {
    // Events only: nobody on the internet, and only the trigger account, may call it.
    args.push(
      `--trigger-service-account=${c.triggerAccount}`,
      '--retry',
      '--no-allow-unauthenticated',
      '--ingress-settings=internal-only',
    );
  }
  if (labels) args.push(`--update-labels=${labels}`);
  args.push('--quiet');
  return args;
}
