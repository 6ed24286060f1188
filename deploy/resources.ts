import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseJson, ROOT, type Gcloud } from './gcloud';
import type { CustomRole, Scope } from './iam';

/**
 * Create-if-missing for the plain resources. Each function reads first and writes only
 * when something differs, so a second run is all reads.
 */

/** APIs the chain uses (Cloud Run hosts 2nd gen functions; Build + Artifact Registry build them). */
export const APIS = [
  'cloudfunctions.googleapis.com',
  'run.googleapis.com',
  'cloudbuild.googleapis.com',
  'artifactregistry.googleapis.com',
  'eventarc.googleapis.com',
  'pubsub.googleapis.com',
  'storage.googleapis.com',
  'secretmanager.googleapis.com',
  'firestore.googleapis.com',
  'logging.googleapis.com',
  'iam.googleapis.com',
  'cloudresourcemanager.googleapis.com',
];

/** Enables the APIs not enabled yet (enabling is slow even when it is a no-op). */
export async function ensureApis(gc: Gcloud, s: Scope): Promise<void> {
  const listed = await gc.read([
    'services',
    'list',
    '--enabled',
    `--project=${s.project}`,
    '--format=value(config.name)',
  ]);
  const enabled = new Set((listed ?? '').split('\n').map((l) => l.trim()));
  const missing = APIS.filter((a) => !enabled.has(a));
  if (missing.length > 0)
    await gc.run(['services', 'enable', ...missing, `--project=${s.project}`]);
}

interface BucketJson {
  location: string;
  iamConfiguration: {
    uniformBucketLevelAccess?: { enabled?: boolean };
    publicAccessPrevention?: string;
  };
  softDeletePolicy: { retentionDurationSeconds?: string };
  lifecycle: { rule?: unknown[] };
}

/**
 * A private bucket in the functions' region: uniform access (IAM only, no object ACLs),
 * public access prevented, no soft delete (deleted photos are gone, not kept 7 days), and
 * the lifecycle rule in `lifecycleFile` (a path under deploy/).
 */
export async function ensureBucket(
  gc: Gcloud,
  s: Scope,
  name: string,
  lifecycleFile: string,
): Promise<void> {
  const url = `gs://${name}`;
  const settings = [
    '--uniform-bucket-level-access',
    '--public-access-prevention',
    '--soft-delete-duration=0',
    `--lifecycle-file=${lifecycleFile}`,
  ];
  const raw = await gc.read([
    'storage',
    'buckets',
    'describe',
    url,
    `--project=${s.project}`,
    '--raw',
    '--format=json',
  ]);
  if (raw === undefined) {
    await gc.run([
      'storage',
      'buckets',
      'create',
      url,
      `--project=${s.project}`,
      `--location=${s.region}`,
      ...settings,
    ]);
    return;
  }
  const b = parseJson<BucketJson>(raw);
  const wanted = (
    JSON.parse(readFileSync(path.join(ROOT, lifecycleFile), 'utf8')) as { rule: unknown[] }
  ).rule;
  if (b.location && b.location.toLowerCase() !== s.region) {
    gc.note(`${url} is in ${b.location}, not ${s.region}; buckets cannot move, left there`);
  }
  const same =
    b.iamConfiguration?.uniformBucketLevelAccess?.enabled === true &&
    b.iamConfiguration.publicAccessPrevention === 'enforced' &&
    Number(b.softDeletePolicy?.retentionDurationSeconds ?? 0) === 0 &&
    isDeepStrictEqual(b.lifecycle?.rule ?? [], wanted);
  if (!same) {
    await gc.run(['storage', 'buckets', 'update', url, `--project=${s.project}`, ...settings]);
  }
}

/**
 * What the webhook keeps in Firestore (shared/bot-state-firestore.ts): the collection groups
 * of its documents, and the fair-use counters' timestamp that a TTL policy expires. Spelled
 * out rather than imported, so deploy and teardown do not load the Firestore client; a test
 * pins these names to the webhook's.
 */
export const FIRESTORE = {
  collectionGroups: ['chats', 'users', 'packStickers', 'fairUse'],
  ttl: ['fairUse', 'expireAt'],
} as const;

interface DatabaseJson {
  locationId?: string;
  type?: string;
}

/** The `--database` flag every Firestore command takes (gcloud's default is "(default)"). */
const databaseFlag = (database: string) => `--database=${database}`;

/**
 * The Firestore database the webhook keeps its state in (Native mode, in the functions'
 * region). An existing database is used as it is: a database cannot move, and one in
 * Datastore mode cannot serve the Firestore client, so that is an error, not a repair.
 */
export async function ensureFirestoreDatabase(
  gc: Gcloud,
  s: Scope,
  database: string,
): Promise<void> {
  const p = `--project=${s.project}`;
  const raw = await gc.read([
    'firestore',
    'databases',
    'describe',
    databaseFlag(database),
    p,
    '--format=json',
  ]);
  if (raw === undefined) {
    await gc.run([
      'firestore',
      'databases',
      'create',
      databaseFlag(database),
      `--location=${s.region}`,
      '--type=firestore-native',
      p,
    ]);
    return;
  }
  const db = parseJson<DatabaseJson>(raw);
  if (db.type && db.type !== 'FIRESTORE_NATIVE') {
    throw new Error(
      `Firestore database ${database} is in ${db.type}, not Native mode; the webhook needs ` +
        'Native mode (pass --firestore-database=<new id> to create one)',
    );
  }
  if (db.locationId && db.locationId.toLowerCase() !== s.region) {
    gc.note(`Firestore database ${database} is in ${db.locationId}, not ${s.region}; used there`);
  }
}

interface FieldJson {
  name?: string;
  ttlConfig?: { state?: string };
}

/**
 * A TTL policy on `collectionGroup`.`field`: Firestore deletes a document some time after the
 * timestamp in that field (fair-use counters carry `expireAt`), so nothing idle accumulates.
 * Enabling runs for minutes on a large collection: `--async`, and CREATING counts as set.
 * NEEDS_REPAIR (or a policy that was disabled) is enabled again.
 */
export async function ensureTtlPolicy(
  gc: Gcloud,
  s: Scope,
  database: string,
  collectionGroup: string,
  field: string,
): Promise<void> {
  const where = [`--collection-group=${collectionGroup}`, databaseFlag(database)];
  const p = `--project=${s.project}`;
  const raw = await gc.read(['firestore', 'fields', 'ttls', 'list', ...where, p, '--format=json']);
  const fields = raw?.trim() ? (JSON.parse(raw) as FieldJson[]) : [];
  const state = fields.find((f) => f.name?.endsWith(`/fields/${field}`))?.ttlConfig?.state;
  if (state === 'ACTIVE' || state === 'CREATING') return;
  await gc.run([
    'firestore',
    'fields',
    'ttls',
    'update',
    field,
    ...where,
    '--enable-ttl',
    '--async',
    p,
  ]);
}

/** A Pub/Sub topic (created empty: Eventarc adds the subscriptions with each trigger). */
export async function ensureTopic(gc: Gcloud, s: Scope, topic: string): Promise<void> {
  const p = `--project=${s.project}`;
  const found = await gc.read(['pubsub', 'topics', 'describe', topic, p, '--format=value(name)']);
  if (found === undefined) await gc.run(['pubsub', 'topics', 'create', topic, p]);
}

/** A user-managed service account (no keys are ever created for it). */
export async function ensureServiceAccount(
  gc: Gcloud,
  s: Scope,
  email: string,
  description: string,
): Promise<void> {
  const p = `--project=${s.project}`;
  const describe = ['iam', 'service-accounts', 'describe', email, p, '--format=value(email)'];
  if ((await gc.read(describe)) !== undefined) return;
  const id = email.slice(0, email.indexOf('@'));
  await gc.run([
    'iam',
    'service-accounts',
    'create',
    id,
    p,
    `--display-name=${id}`,
    `--description=${description}`,
  ]);
}

interface RoleJson {
  deleted?: boolean;
  includedPermissions?: string[];
}

/**
 * One custom role of the deployment (deploy/iam.ts's customRoles: read and delete uploads
 * for matting; delete claims and delivered stickers for the sender). A role deleted by
 * teardown in the last 7 days is undeleted (its id cannot be reused); one whose
 * permissions drifted is updated.
 */
export async function ensureCustomRole(gc: Gcloud, s: Scope, role: CustomRole): Promise<void> {
  const p = `--project=${s.project}`;
  const perms = `--permissions=${role.permissions.join(',')}`;
  const raw = await gc.read(['iam', 'roles', 'describe', role.id, p, '--format=json']);
  if (raw === undefined) {
    await gc.run([
      'iam',
      'roles',
      'create',
      role.id,
      p,
      `--title=${role.title}`,
      `--description=${role.description}`,
      perms,
      '--stage=GA',
    ]);
    return;
  }
  const found = parseJson<RoleJson>(raw);
  if (found.deleted) await gc.run(['iam', 'roles', 'undelete', role.id, p]);
  const have = [...(found.includedPermissions ?? [])].sort();
  if (!isDeepStrictEqual(have, [...role.permissions].sort())) {
    await gc.run(['iam', 'roles', 'update', role.id, p, perms, '--quiet']);
  }
}

interface SubscriptionJson {
  ackDeadlineSeconds?: number;
  deadLetterPolicy?: { deadLetterTopic?: string; maxDeliveryAttempts?: number };
}

/**
 * Gives an Eventarc-managed subscription its dead-letter topic (after `attempts` failed
 * deliveries the event goes to the dead-letter function, which apologises to the user)
 * and its ack deadline (shared/platform.ts: also the push request's timeout).
 */
export async function ensureDeadLetterPolicy(
  gc: Gcloud,
  s: Scope,
  subscription: string,
  deadLetterTopic: string,
  attempts: number,
  ackDeadline: number,
): Promise<void> {
  const p = `--project=${s.project}`;
  const topicPath = `projects/${s.project}/topics/${deadLetterTopic}`;
  const sub = parseJson<SubscriptionJson>(
    await gc.run(['pubsub', 'subscriptions', 'describe', subscription, p, '--format=json']),
  );
  const policy = sub.deadLetterPolicy;
  if (
    policy?.deadLetterTopic === topicPath &&
    policy.maxDeliveryAttempts === attempts &&
    sub.ackDeadlineSeconds === ackDeadline
  ) {
    return;
  }
  await gc.run([
    'pubsub',
    'subscriptions',
    'update',
    subscription,
    p,
    `--dead-letter-topic=${topicPath}`,
    `--max-delivery-attempts=${attempts}`,
    `--ack-deadline=${ackDeadline}`,
  ]);
}
