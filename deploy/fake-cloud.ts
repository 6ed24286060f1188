/**
 * Test support: an in-memory project that answers the `gcloud` commands deploy and
 * teardown use, so a deploy can be run twice (the second must only read), a drifted
 * project can be repaired and a teardown checked, all without a cloud. It models results
 * and NOT_FOUND answers, not gcloud's flags: the real parser is checked separately.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, type Exec, type GcloudResult } from './gcloud';

interface Policy {
  bindings: { role: string; members: string[]; condition?: { expression: string } }[];
}

export interface FakeFunction {
  state: string;
  labels: Record<string, string>;
  args: readonly string[];
  url: string;
  eventTrigger?: { trigger: string };
  serviceConfig: { service: string };
}

/** The project's state; tests read and tweak it directly. */
export interface FakeState {
  apis: Set<string>;
  buckets: Map<string, { raw: Record<string, unknown>; policy: Policy }>;
  topics: Map<string, Policy>;
  subscriptions: Map<string, { raw: Record<string, unknown>; policy: Policy }>;
  accounts: Map<string, Policy>;
  roles: Map<string, { deleted: boolean; includedPermissions: string[] }>;
  secrets: Map<string, { versions: string[]; policy: Policy }>;
  functions: Map<string, FakeFunction>;
  services: Map<string, Policy>;
  project: Policy;
  /** Firestore databases by id; `ttl` maps "group/field" to its TTL state */
  databases: Map<string, FakeDatabase>;
}

export interface FakeDatabase {
  raw: { name: string; locationId: string; type: string };
  ttl: Map<string, string>;
  /** the --collection-ids of each bulk-delete */
  bulkDeleted: string[][];
}

/** Verbs that change something; a converged deploy must not issue any. */
export const MUTATING =
  /\b(create|update|delete|undelete|enable|deploy|add|add-iam-policy-binding|remove-iam-policy-binding|rm)\b/;

const ok = (stdout = ''): GcloudResult => ({ code: 0, stdout, stderr: '' });
const notFound = (what: string): GcloudResult => ({
  code: 1,
  stdout: '',
  stderr: `ERROR: (gcloud) NOT_FOUND: ${what} not found`,
});
const emptyPolicy = (): Policy => ({ bindings: [] });

function flags(args: readonly string[]): { words: string[]; f: Record<string, string> } {
  const words: string[] = [];
  const f: Record<string, string> = {};
  for (const a of args) {
    if (!a.startsWith('--')) words.push(a);
    else {
      const i = a.indexOf('=');
      if (i < 0) f[a.slice(2)] = 'true';
      else
        f[a.slice(2, i)] = f[a.slice(2, i)]
          ? `${f[a.slice(2, i)]};${a.slice(i + 1)}`
          : a.slice(i + 1);
    }
  }
  return { words, f };
}

function bind(policy: Policy, op: string, f: Record<string, string>): void {
  const expression = f.condition?.startsWith('expression=')
    ? f.condition.slice('expression='.length).replace(/,title=.*$/, '')
    : undefined;
  const same = (b: Policy['bindings'][number]) =>
    b.role === f.role && (b.condition?.expression ?? '') === (expression ?? '');
  let b = policy.bindings.find(same);
  if (op.startsWith('add')) {
    if (!b)
      policy.bindings.push(
        (b = { role: f.role!, members: [], ...(expression && { condition: { expression } }) }),
      );
    if (!b.members.includes(f.member!)) b.members.push(f.member!);
  } else if (b) {
    b.members = b.members.filter((m) => m !== f.member);
  }
}

/** A fake project plus the `Exec` that drives it and the log of commands it received. */
export function createFakeCloud(project: string, projectNumber = '123456789012') {
  const s: FakeState = {
    apis: new Set(),
    buckets: new Map(),
    topics: new Map(),
    subscriptions: new Map(),
    accounts: new Map(),
    roles: new Map(),
    secrets: new Map(),
    functions: new Map(),
    services: new Map(),
    project: emptyPolicy(),
    databases: new Map(),
  };
  const log: string[][] = [];

  const iam = (
    policy: Policy | undefined,
    verb: string,
    f: Record<string, string>,
    what: string,
  ) => {
    if (!policy) return notFound(what);
    if (verb === 'get-iam-policy') return ok(JSON.stringify(policy));
    bind(policy, verb, f);
    return ok();
  };

  const exec: Exec = (args, stdin) => {
    log.push([...args]);
    const { words, f } = flags(args);
    const [g0, g1, g2, g3] = words;
    const path2 = `${g0} ${g1}`;
    const verb =
      words.find((w) =>
        /^(describe|create|update|delete|undelete|list|enable|deploy|access|add|get-iam-policy|add-iam-policy-binding|remove-iam-policy-binding|service-agent|rm)$/.test(
          w,
        ),
      ) ?? '';
    const r = ((): GcloudResult => {
      if (path2 === 'services list') return ok([...s.apis].join('\n'));
      if (path2 === 'services enable') return (words.slice(2).forEach((a) => s.apis.add(a)), ok());
      if (path2 === 'projects describe') return ok(projectNumber);
      if (g0 === 'projects') return iam(s.project, verb, f, 'project');
      if (path2 === 'storage service-agent')
        return ok(`service-${projectNumber}@gs-project-accounts.iam.gserviceaccount.com`);
      if (g0 === 'storage') {
        const name = (g1 === 'rm' ? words[2] : g3)!.replace(/^gs:\/\//, '');
        const b = s.buckets.get(name);
        const raw = () => ({
          location: f.location?.toUpperCase() ?? b?.raw.location,
          iamConfiguration: {
            uniformBucketLevelAccess: { enabled: true },
            publicAccessPrevention: 'enforced',
          },
          softDeletePolicy: { retentionDurationSeconds: '0' },
          lifecycle: JSON.parse(
            readFileSync(path.join(ROOT, f['lifecycle-file']!), 'utf8'),
          ) as unknown,
        });
        if (g1 === 'rm') return b ? (s.buckets.delete(name), ok()) : notFound(name);
        if (g2 === 'create')
          return (s.buckets.set(name, { raw: raw(), policy: emptyPolicy() }), ok());
        if (!b) return notFound(name);
        if (g2 === 'describe') return ok(JSON.stringify(b.raw));
        if (g2 === 'update') return ((b.raw = raw()), ok());
        return iam(b.policy, verb, f, name);
      }
      if (path2 === 'pubsub topics') {
        const t = s.topics.get(g3!);
        if (g2 === 'create') return (s.topics.set(g3!, emptyPolicy()), ok());
        if (!t) return notFound(g3!);
        if (g2 === 'describe') return ok(`projects/${project}/topics/${g3}`);
        if (g2 === 'delete') {
          s.topics.delete(g3!);
          return ok();
        }
        return iam(t, verb, f, g3!);
      }
      if (path2 === 'pubsub subscriptions') {
        const sub = s.subscriptions.get(g3!);
        if (!sub) return notFound(g3!);
        if (g2 === 'describe') return ok(JSON.stringify(sub.raw));
        if (g2 === 'update') {
          sub.raw.deadLetterPolicy = {
            deadLetterTopic: f['dead-letter-topic'],
            maxDeliveryAttempts: Number(f['max-delivery-attempts']),
          };
          if (f['ack-deadline']) sub.raw.ackDeadlineSeconds = Number(f['ack-deadline']);
          return ok();
        }
        return iam(sub.policy, verb, f, g3!);
      }
      if (path2 === 'iam service-accounts') {
        const email = g2 === 'create' ? `${g3}@${project}.iam.gserviceaccount.com` : g3!;
        if (g2 === 'create') return (s.accounts.set(email, emptyPolicy()), ok());
        const a = s.accounts.get(email);
        if (!a) return notFound(email);
        if (g2 === 'describe') return ok(email);
        if (g2 === 'delete') return (s.accounts.delete(email), ok());
        return iam(a, verb, f, email);
      }
      if (path2 === 'iam roles') {
        const role = s.roles.get(g3!);
        const perms = () => f.permissions!.split(',');
        if (g2 === 'create')
          return (s.roles.set(g3!, { deleted: false, includedPermissions: perms() }), ok());
        if (!role) return notFound(g3!);
        if (g2 === 'describe')
          return ok(f.format === 'json' ? JSON.stringify(role) : role.deleted ? 'True' : '');
        if (g2 === 'delete') return ((role.deleted = true), ok());
        if (g2 === 'undelete') return ((role.deleted = false), ok());
        return ((role.includedPermissions = perms()), ok());
      }
      if (g0 === 'secrets') {
        const name = g1 === 'versions' ? (f.secret ?? words[3]!) : g2!;
        const sec = s.secrets.get(name);
        if (g1 === 'create')
          return (s.secrets.set(name, { versions: [stdin ?? ''], policy: emptyPolicy() }), ok());
        if (!sec) return notFound(name);
        if (g1 === 'describe') return ok(name);
        if (g1 === 'delete') return (s.secrets.delete(name), ok());
        if (g1 !== 'versions') return iam(sec.policy, verb, f, name);
        if (g2 === 'add') return (sec.versions.push(stdin ?? ''), ok());
        const n = g3 === 'latest' ? sec.versions.length : Number(g3);
        if (g2 === 'describe') return ok(`projects/${projectNumber}/secrets/${name}/versions/${n}`);
        return ok(sec.versions[n - 1]);
      }
      if (g0 === 'functions') {
        const fn = s.functions.get(g2!);
        if (g1 === 'deploy') {
          const trigger = f['trigger-http']
            ? undefined
            : { trigger: `projects/${project}/locations/${f.region}/triggers/${g2}-000` };
          if (trigger) {
            const sub = `projects/${project}/subscriptions/eventarc-${f.region}-${g2}-000-sub-001`;
            if (!s.subscriptions.has(sub))
              s.subscriptions.set(sub, { raw: {}, policy: emptyPolicy() });
          }
          if (!s.services.has(g2!)) s.services.set(g2!, emptyPolicy());
          const [k, v] = f['update-labels']!.split('=');
          s.functions.set(g2!, {
            state: 'ACTIVE',
            labels: { [k!]: v! },
            args,
            url: `https://${f.region}-${project}.cloudfunctions.net/${g2}`,
            ...(trigger && { eventTrigger: trigger }),
            serviceConfig: { service: `projects/${project}/locations/${f.region}/services/${g2}` },
          });
          return ok();
        }
        if (!fn) return notFound(g2!);
        if (g1 === 'describe') return ok(f.format === 'json' ? JSON.stringify(fn) : g2);
        for (const sub of s.subscriptions.keys())
          if (sub.includes(`-${g2}-000-`)) s.subscriptions.delete(sub);
        s.services.delete(g2!);
        return (s.functions.delete(g2!), ok());
      }
      if (g0 === 'firestore') {
        const id = f.database ?? '(default)';
        const db = s.databases.get(id);
        if (path2 === 'firestore databases' && g2 === 'create') {
          const raw = { name: `projects/${project}/databases/${id}`, locationId: f.location! };
          const type = f.type === 'datastore-mode' ? 'DATASTORE_MODE' : 'FIRESTORE_NATIVE';
          s.databases.set(id, { raw: { ...raw, type }, ttl: new Map(), bulkDeleted: [] });
          return ok();
        }
        if (!db) return notFound(`database ${id}`);
        if (path2 === 'firestore databases') {
          if (g2 === 'describe')
            return ok(f.format === 'json' ? JSON.stringify(db.raw) : db.raw.name);
          if (g2 === 'delete') return (s.databases.delete(id), ok());
        }
        if (path2 === 'firestore bulk-delete')
          return (db.bulkDeleted.push(f['collection-ids']!.split(',')), ok());
        if (path2 === 'firestore fields' && g2 === 'ttls') {
          const group = f['collection-group']!;
          if (g3 === 'list') {
            const fields = [...db.ttl]
              .filter(([k]) => k.startsWith(`${group}/`))
              .map(([k, state]) => ({
                name: `${db.raw.name}/collectionGroups/${group}/fields/${k.split('/')[1]}`,
                ttlConfig: { state },
              }));
            return ok(JSON.stringify(fields));
          }
          // A new policy reports CREATING until Firestore has scanned the collection group.
          if (f['enable-ttl']) db.ttl.set(`${group}/${words[4]}`, 'CREATING');
          else db.ttl.delete(`${group}/${words[4]}`);
          return ok();
        }
      }
      if (path2 === 'eventarc triggers')
        return ok(
          `projects/${project}/subscriptions/eventarc-${f.location}-${g3!.split('/').pop()!.replace(/-000$/, '')}-000-sub-001`,
        );
      if (path2 === 'run services') return iam(s.services.get(g3!), verb, f, g3!);
      throw new Error(`fake cloud: unsupported command gcloud ${args.join(' ')}`);
    })();
    return Promise.resolve(r);
  };

  return { state: s, exec, log };
}
