import { parseJson, type Gcloud } from './gcloud';
import type { Names } from './options';

/** Something an IAM policy hangs on. */
export type Resource =
  | { kind: 'project' }
  | { kind: 'bucket'; name: string }
  | { kind: 'topic'; name: string }
  | { kind: 'subscription'; name: string }
  | { kind: 'secret'; name: string }
  | { kind: 'service-account'; email: string }
  | { kind: 'run-service'; name: string };

/** One grant, with the reason it exists: the table below is the whole security model. */
export interface Binding {
  resource: Resource;
  member: string;
  role: string;
  condition?: { title: string; expression: string };
  why: string;
}

/** Project and region every command is scoped to. */
export interface Scope {
  project: string;
  region: string;
}

/** Google-managed identities that deliver events; their emails need the project number. */
export interface ServiceAgents {
  pubsub: string;
  storage: string;
}

/** The Pub/Sub service agent of a project, which pushes and dead-letters messages. */
export function pubsubAgent(projectNumber: string): string {
  return `service-${projectNumber}@gcp-sa-pubsub.iam.gserviceaccount.com`;
}

const sa = (email: string) => `serviceAccount:${email}`;
const VIEW = 'roles/storage.objectViewer';
const CREATE = 'roles/storage.objectCreator';
const ACCESSOR = 'roles/secretmanager.secretAccessor';

/**
 * The IAM condition that narrows a project-level Firestore grant to one database, in the
 * form Firestore's docs give for per-database access (the project id, not its number).
 */
export function firestoreCondition(project: string, database: string): string {
  return `resource.name=="projects/${project}/databases/${database}"`;
}

/** Permissions of the custom role matting holds on uploads: read the photo, delete it after. */
export const UPLOADS_CONSUMER_PERMISSIONS = ['storage.objects.get', 'storage.objects.delete'];

/**
 * Permissions of the custom role the sender and dead-letter accounts hold on stickers,
 * narrowed by conditions to what they may delete: no predefined role has delete without
 * update and more, and Storage Object Creator (which they also hold) has no delete.
 */
export const DELIVERY_CLEANUP_PERMISSIONS = ['storage.objects.delete'];

/** A project-level custom role that deploy creates (and teardown deletes). */
export interface CustomRole {
  /** role id, e.g. `sticker_uploads_consumer` */
  id: string;
  title: string;
  description: string;
  permissions: readonly string[];
}

/**
 * Every custom role of the deployment: what no predefined role grants without granting
 * more. Deploy creates them, teardown deletes them, and the local stack enforces them.
 */
export function customRoles(n: Names): CustomRole[] {
  return [
    {
      id: n.uploadsConsumerRole,
      title: 'Sticker uploads consumer',
      description: 'Read and delete uploaded photos (matting)',
      permissions: UPLOADS_CONSUMER_PERMISSIONS,
    },
    {
      id: n.deliveryCleanupRole,
      title: 'Sticker delivery cleanup',
      description: 'Delete delivery claims and delivered stickers (sender, dead-letter)',
      permissions: DELIVERY_CLEANUP_PERMISSIONS,
    },
  ];
}

/** An IAM condition on a binding: a CEL `expression` and the `title` it is listed under. */
export type Condition = NonNullable<Binding['condition']>;

/**
 * The objects the delivery claim protocol deletes (functions/sender/claim.ts): claims
 * `sent/<chat>/<update>.claim`, released after a failed send and taken over when their
 * lease ran out. Never the `sent/…` records of what was delivered.
 */
export function claimsCondition(stickersBucket: string): Condition {
  const objects = `projects/_/buckets/${stickersBucket}/objects/`;
  return {
    title: 'delivery-claims-only',
    expression: `resource.name.startsWith("${objects}sent/") && resource.name.endsWith(".claim")`,
  };
}

/**
 * Claims, and the stickers themselves (`<chat>/<update>.webp`, a clip's `.webm`), deleted
 * once delivered.
 */
export function claimsAndStickersCondition(stickersBucket: string): Condition {
  const stickers = 'resource.name.endsWith(".webp") || resource.name.endsWith(".webm")';
  return {
    title: 'delivery-claims-and-delivered-stickers',
    expression: `(${claimsCondition(stickersBucket).expression}) || ${stickers}`,
  };
}

/** The full name a binding uses for a custom role of `project`. */
export function customRoleName(project: string, id: string): string {
  return `projects/${project}/roles/${id}`;
}

/**
 * Every binding made before the functions exist. Resource-level wherever the service allows
 * it, so e.g. the webhook can write uploads but not read stickers, and no principal gets a
 * basic role (Owner, Editor, Viewer).
 */
export function baseBindings(n: Names, s: Scope, agents: ServiceAgents): Binding[] {
  const uploads: Resource = { kind: 'bucket', name: n.buckets.uploads };
  const stickers: Resource = { kind: 'bucket', name: n.buckets.stickers };
  const botToken: Resource = { kind: 'secret', name: n.secrets.botToken };
  const project: Resource = { kind: 'project' };
  const a = n.accounts;
  const claimsAndStickers = claimsAndStickersCondition(n.buckets.stickers);
  // The sender and the dead-letter apology deliver the same exactly-once way
  // (functions/sender/handler.ts): read and write the sent/ markers, take, release and
  // take over claims; `deletes` is what else the delete-only custom role may remove.
  const delivery = (who: string, member: string, reads: string, deletes: Condition) => [
    { resource: stickers, member: sa(member), role: VIEW, why: `${who} reads ${reads}` },
    { resource: stickers, member: sa(member), role: CREATE, why: `${who} writes sent/ markers` },
    {
      resource: stickers,
      member: sa(member),
      role: customRoleName(s.project, n.deliveryCleanupRole),
      condition: deletes,
      why: `${who} releases and takes over claims, deletes as ${deletes.title} allows`,
    },
  ];
  return [
    { resource: uploads, member: sa(a.webhook), role: CREATE, why: 'webhook stores the photo' },
    {
      resource: uploads,
      member: sa(a.matting),
      role: customRoleName(s.project, n.uploadsConsumerRole),
      why: 'matting reads the photo and deletes it when done (no create: it cannot retrigger)',
    },
    { resource: stickers, member: sa(a.matting), role: CREATE, why: 'matting writes the sticker' },
    { resource: stickers, member: sa(a.matting), role: VIEW, why: 'matting skips done stickers' },
    ...delivery('sender', a.sender, 'the sticker and markers', claimsAndStickers),
    ...delivery('the apology', a.deadLetter, 'markers', claimsCondition(n.buckets.stickers)),
    {
      resource: { kind: 'topic', name: n.topics.replies },
      member: sa(a.matting),
      role: 'roles/pubsub.publisher',
      why: 'matting publishes the reply',
    },
    {
      resource: { kind: 'topic', name: n.topics.deadLetter },
      member: sa(agents.pubsub),
      role: 'roles/pubsub.publisher',
      why: 'Pub/Sub forwards undeliverable events to the dead-letter topic',
    },
    { resource: botToken, member: sa(a.webhook), role: ACCESSOR, why: 'webhook calls getFile' },
    { resource: botToken, member: sa(a.sender), role: ACCESSOR, why: 'sender sends the reply' },
    { resource: botToken, member: sa(a.deadLetter), role: ACCESSOR, why: 'sends the apology' },
    {
      resource: { kind: 'secret', name: n.secrets.webhookSecret },
      member: sa(a.webhook),
      role: ACCESSOR,
      why: 'webhook checks X-Telegram-Bot-Api-Secret-Token',
    },
    {
      resource: { kind: 'service-account', email: a.trigger },
      member: sa(agents.pubsub),
      role: 'roles/iam.serviceAccountTokenCreator',
      why: 'Pub/Sub mints the OIDC token of pushes signed as the trigger account',
    },
    {
      resource: project,
      member: sa(a.trigger),
      role: 'roles/eventarc.eventReceiver',
      why: 'Eventarc triggers run as the trigger account (no resource-level grant exists)',
    },
    {
      resource: project,
      member: sa(agents.storage),
      role: 'roles/pubsub.publisher',
      why: 'Cloud Storage publishes object events for Eventarc',
    },
    {
      resource: project,
      member: sa(a.webhook),
      role: 'roles/datastore.user',
      condition: {
        title: 'bot-database-only',
        expression: firestoreCondition(s.project, n.database),
      },
      why:
        'webhook keeps chat settings, pack records and fair-use counters in Firestore ' +
        '(documents only, and only in the bot database: Firestore has no per-database policy)',
    },
    ...(['roles/logging.logWriter', 'roles/artifactregistry.writer'] as const).map((role) => ({
      resource: project,
      member: sa(a.build),
      role,
      why: 'Cloud Build writes build logs and the function images',
    })),
    {
      resource: project,
      member: sa(a.build),
      role: 'roles/storage.objectAdmin',
      condition: {
        title: 'gcf-sources-only',
        expression: 'resource.name.startsWith("projects/_/buckets/gcf-v2-")',
      },
      why: 'Cloud Build fetches the uploaded source (only the gcf-v2-* buckets, not user photos)',
    },
  ];
}

/** Grants that need the deployed functions: who may invoke them, and dead-letter rights. */
export function deployedBindings(
  n: Names,
  agents: Pick<ServiceAgents, 'pubsub'>,
  eventServices: readonly string[],
  triggerSubscriptions: readonly string[],
): Binding[] {
  return [
    ...eventServices.map((name) => ({
      resource: { kind: 'run-service', name } as const,
      member: sa(n.accounts.trigger),
      role: 'roles/run.invoker',
      why: 'Eventarc pushes events to the function as the trigger account',
    })),
    ...triggerSubscriptions.map((name) => ({
      resource: { kind: 'subscription', name } as const,
      member: sa(agents.pubsub),
      role: 'roles/pubsub.subscriber',
      why: 'Pub/Sub acknowledges a message it moved to the dead-letter topic',
    })),
  ];
}

/** The gcloud command group and positional argument addressing a resource's policy. */
function target(r: Resource, s: Scope): string[] {
  const p = [`--project=${s.project}`];
  switch (r.kind) {
    case 'project':
      return ['projects', '@', s.project];
    case 'bucket':
      return ['storage', 'buckets', '@', `gs://${r.name}`, ...p];
    case 'topic':
      return ['pubsub', 'topics', '@', r.name, ...p];
    case 'subscription':
      return ['pubsub', 'subscriptions', '@', r.name, ...p];
    case 'secret':
      return ['secrets', '@', r.name, ...p];
    case 'service-account':
      return ['iam', 'service-accounts', '@', r.email, ...p];
    case 'run-service':
      return ['run', 'services', '@', r.name, `--region=${s.region}`, ...p];
  }
}

const verb = (r: Resource, s: Scope, v: string) => target(r, s).map((x) => (x === '@' ? v : x));

/** `add-` or `remove-iam-policy-binding` for one binding. */
export function bindingArgs(op: 'add' | 'remove', b: Binding, s: Scope): string[] {
  const args = [...verb(b.resource, s, `${op}-iam-policy-binding`)];
  args.push(`--member=${b.member}`, `--role=${b.role}`);
  // Only these take --condition; on a project it is needed whenever any binding is
  // conditional, or gcloud would prompt.
  if (b.resource.kind === 'project' || b.resource.kind === 'bucket') {
    args.push(
      b.condition
        ? `--condition=expression=${b.condition.expression},title=${b.condition.title}`
        : '--condition=None',
    );
  }
  return args;
}

interface Policy {
  bindings?: { role: string; members?: string[]; condition?: { expression?: string } }[];
}

function holds(p: Partial<Policy>, b: Binding): boolean {
  return (p.bindings ?? []).some(
    (x) =>
      x.role === b.role &&
      (x.members ?? []).includes(b.member) &&
      (x.condition?.expression ?? '') === (b.condition?.expression ?? ''),
  );
}

/**
 * Adds (or removes) exactly the bindings that are missing (or present): each policy is read
 * once, so a second deploy writes nothing and teardown leaves foreign grants alone.
 */
export async function applyBindings(
  gc: Gcloud,
  s: Scope,
  bindings: readonly Binding[],
  op: 'add' | 'remove' = 'add',
): Promise<void> {
  const groups = new Map<string, Binding[]>();
  for (const b of bindings) {
    const key = JSON.stringify(b.resource);
    groups.set(key, [...(groups.get(key) ?? []), b]);
  }
  for (const group of groups.values()) {
    const resource = group[0]!.resource;
    // A dry deploy starts from an empty policy; a dry teardown from one holding every grant.
    const dry: Policy = {
      bindings: op === 'add' ? [] : group.map((b) => ({ ...b, members: [b.member] })),
    };
    const policy = parseJson<Policy>(
      await gc.read([...verb(resource, s, 'get-iam-policy'), '--format=json'], {
        dry: JSON.stringify(dry),
      }),
    );
    for (const b of group) {
      if (holds(policy, b) === (op === 'add')) continue;
      await gc.run(bindingArgs(op, b, s), { retryWhile: /does not exist|not found|ETAG|ABORTED/i });
    }
  }
}
