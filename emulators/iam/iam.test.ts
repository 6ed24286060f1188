/**
 * The local IAM: the CEL subset of conditions, the policy evaluator (predefined roles,
 * custom roles, project and bucket grants, conditions), the Storage emulator's refusals
 * with Google's exact bodies, and the check of recorded Pub/Sub and Firestore calls.
 *
 * Run: node --import tsx --test emulators/iam/iam.test.ts
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Binding } from '../../deploy/iam';
import { emulatorAccessToken } from '../../shared/emulator-identity';
import { startStorageEmulator } from '../storage/server';
import { storageAs } from '../stack/identities';
import { callViolations, formatViolations } from './calls';
import { compileCondition, UnsupportedConditionError } from './condition';
import { localIam } from './local-plan';
import { IamPolicy, PolicyLoadError } from './policy';
import { PREDEFINED_ROLES } from './roles';

const UPLOADS = 'sticker-uploads-local';
const STICKERS = 'sticker-stickers-local';
const cloud = { projectId: 'local-project', uploadsBucket: UPLOADS, stickersBucket: STICKERS };
const plan = localIam(cloud);
const obj = (name: string) => ({
  name,
  type: 'storage.googleapis.com/Object',
  service: 'storage.googleapis.com',
});

describe('conditions (the CEL subset deploy uses)', () => {
  const cases: [string, string, boolean][] = [
    ['resource.name == "a/b"', 'a/b', true],
    ['resource.name=="a/b"', 'a/c', false],
    ['resource.name != "a/b"', 'a/c', true],
    ['resource.name.startsWith("a/")', 'a/x', true],
    ['resource.name.endsWith(".claim")', 'sent/1/2.json', false],
    ['resource.name.startsWith("s/") && resource.name.endsWith(".c")', 's/1.c', true],
    ['resource.name.startsWith("s/") && resource.name.endsWith(".c")', 'x/1.c', false],
    [
      '(resource.name.startsWith("s/") && resource.name.endsWith(".c")) || resource.name.endsWith(".w")',
      '1.w',
      true,
    ],
    ['!resource.name.startsWith("s/")', 's/1', false],
    ['resource.type == "storage.googleapis.com/Object"', 'x', true],
  ];
  for (const [expression, name, expected] of cases) {
    it(`${expression} on ${name} → ${expected}`, () => {
      assert.equal(compileCondition(expression)(obj(name)), expected);
    });
  }

  for (const unsupported of [
    'resource.name.matches("^a")',
    'request.time < timestamp("2030-01-01T00:00:00Z")',
    'resource.name.extract("/objects/{x}/")=="a"',
    'resource.name.startsWith("a"',
    'resource.name == "a" &&',
    'true',
  ]) {
    it(`refuses ${unsupported}`, () => {
      assert.throws(() => compileCondition(unsupported), UnsupportedConditionError);
    });
  }
});

describe('the policy', () => {
  const sa = (n: string) => `serviceAccount:${n}@local-project.iam.gserviceaccount.com`;
  const allows = (fn: string, permission: string, bucket: string, object?: string) =>
    plan.policy.allows(sa(`sticker-${fn}`), permission, { service: 'storage', bucket, object });

  it('grants predefined roles on a bucket, not beyond it', () => {
    assert.equal(allows('webhook', 'storage.objects.create', UPLOADS, 'a'), true);
    assert.equal(allows('webhook', 'storage.objects.create', STICKERS, 'a'), false);
    assert.equal(allows('webhook', 'storage.objects.get', UPLOADS, 'a'), false);
  });

  it('grants custom roles with exactly their permissions', () => {
    assert.equal(allows('matting', 'storage.objects.delete', UPLOADS, '1/2'), true);
    assert.equal(allows('matting', 'storage.objects.create', UPLOADS, '1/2'), false);
  });

  it('honours conditions: the sender deletes claims and stickers, nothing else', () => {
    assert.equal(allows('sender', 'storage.objects.delete', STICKERS, 'sent/1/2.claim'), true);
    assert.equal(allows('sender', 'storage.objects.delete', STICKERS, 'sent/1/2.json'), false);
    assert.equal(allows('sender', 'storage.objects.delete', STICKERS, '1/2.webp'), true);
    assert.equal(allows('dead-letter', 'storage.objects.delete', STICKERS, '1/2.webp'), false);
    assert.equal(allows('sender', 'storage.objects.delete', UPLOADS, 'sent/1/2.claim'), false);
  });

  it('a project grant covers every bucket; its condition still applies', () => {
    const build = `serviceAccount:${plan.names.accounts.build}`;
    const get = 'storage.objects.get';
    assert.equal(
      plan.policy.allows(build, get, { service: 'storage', bucket: 'gcf-v2-x', object: 'o' }),
      true,
    );
    assert.equal(
      plan.policy.allows(build, get, { service: 'storage', bucket: UPLOADS, object: 'o' }),
      false,
    );
  });

  it('Firestore: the webhook holds datastore.user on the bot database only', () => {
    const webhook = `serviceAccount:${plan.names.accounts.webhook}`;
    const db = (database: string) => ({ service: 'datastore' as const, database });
    assert.equal(plan.policy.allows(webhook, 'datastore.entities.get', db('(default)')), true);
    assert.equal(plan.policy.allows(webhook, 'datastore.entities.get', db('other')), false);
  });

  it('refuses to load an unknown role or a condition it cannot evaluate', () => {
    const base: Binding = {
      resource: { kind: 'project' },
      member: 'user:a@b.c',
      role: 'roles/storage.admin',
      why: 't',
    };
    assert.throws(
      () => new IamPolicy('p', [{ ...base, role: 'roles/editor' }], {}),
      PolicyLoadError,
    );
    const when = { title: 't', expression: 'request.time < timestamp("2030-01-01T00:00:00Z")' };
    assert.throws(() => new IamPolicy('p', [{ ...base, condition: when }], {}), PolicyLoadError);
  });

  it('every role in the table cites where its permissions come from', () => {
    for (const [role, def] of Object.entries(PREDEFINED_ROLES)) {
      assert.match(
        def.source,
        /^https:\/\/cloud\.google\.com\/iam\/docs\/roles-permissions\//,
        role,
      );
      assert.ok(def.permissions.length > 0, role);
    }
  });
});

describe('Storage refusals, with the body Google sends', () => {
  it('403 for an account without the permission, 401 without credentials', async () => {
    const emu = await startStorageEmulator({ iam: plan.policy });
    try {
      const operator = storageAs(emu.url, 'local-project');
      await operator.createBucket(STICKERS);
      await operator.bucket(STICKERS).file('sent/1/2.json').save('{}', { resumable: false });
      const url = `${emu.url}/storage/v1/b/${STICKERS}/o/${encodeURIComponent('sent/1/2.json')}`;
      const as = (email: string) => ({ authorization: `Bearer ${emulatorAccessToken(email)}` });

      const forbidden = await fetch(url, { method: 'DELETE', headers: as(plan.accounts.sender) });
      assert.equal(forbidden.status, 403);
      const message =
        `${plan.accounts.sender} does not have storage.objects.delete access to the Google ` +
        "Cloud Storage object. Permission 'storage.objects.delete' denied on resource (or it " +
        'may not exist).';
      assert.deepEqual(await forbidden.json(), {
        error: {
          code: 403,
          message,
          errors: [{ message, domain: 'global', reason: 'forbidden' }],
        },
      });

      const anonymous = await fetch(url);
      assert.equal(anonymous.status, 401);
      const anon =
        'Anonymous caller does not have storage.objects.get access to the Google Cloud ' +
        "Storage object. Permission 'storage.objects.get' denied on resource (or it may not exist).";
      assert.deepEqual(await anonymous.json(), {
        error: {
          code: 401,
          message: anon,
          errors: [
            {
              message: anon,
              domain: 'global',
              reason: 'required',
              locationType: 'header',
              location: 'Authorization',
            },
          ],
        },
      });

      const bogus = await fetch(url, { headers: { authorization: 'Bearer ya29.not-ours' } });
      assert.equal(bogus.status, 401);
      assert.equal(
        ((await bogus.json()) as { error: { message: string } }).error.message,
        'Invalid Credentials',
      );

      // Writing an existing name: 412 with ifGenerationMatch=0 (create suffices), else an
      // overwrite, which needs delete too.
      const upload = (q: string) =>
        fetch(
          `${emu.url}/upload/storage/v1/b/${STICKERS}/o?uploadType=media&name=sent%2F1%2F2.json${q}`,
          {
            method: 'POST',
            headers: { ...as(plan.accounts.sender), 'content-type': 'application/json' },
            body: '{}',
          },
        );
      assert.equal((await upload('&ifGenerationMatch=0')).status, 412);
      const overwrite = await upload('');
      assert.equal(overwrite.status, 403);
      assert.match(
        ((await overwrite.json()) as { error: { message: string } }).error.message,
        /storage\.objects\.delete/,
      );
      // A missing object without get is a 403, not a 404: nothing leaks.
      const ghost = `${emu.url}/storage/v1/b/${STICKERS}/o/nope`;
      assert.equal((await fetch(ghost, { headers: as(plan.accounts.webhook) })).status, 403);
    } finally {
      await emu.close();
    }
  });
});

describe('recorded Pub/Sub and Firestore calls', () => {
  const publish = {
    message: 'google api call',
    apiCall: {
      method: 'topics.publish',
      permissions: ['pubsub.topics.publish'],
      target: { service: 'pubsub', topic: 'sticker-replies' },
      principal: plan.accounts.matting,
    },
  };
  const read = (database: string, principal = plan.accounts.webhook) => ({
    message: 'google api call',
    apiCall: {
      method: 'chatSettings',
      permissions: ['datastore.entities.get'],
      target: { service: 'datastore', database },
      principal,
    },
  });

  it('pass with the deploy plan as it is', () => {
    assert.deepEqual(
      callViolations(plan.policy, plan.accounts, {
        matting: [publish],
        webhook: [read('(default)')],
      }),
      [],
    );
  });

  it('a missing grant fails, naming function, call and permission', () => {
    const without = plan.bindings.filter(
      (b) => !(b.role === 'roles/pubsub.publisher' && b.member.includes('matting')),
    );
    const policy = new IamPolicy('local-project', without, plan.customRoles);
    const v = callViolations(policy, plan.accounts, { matting: [publish] });
    assert.equal(
      formatViolations(v),
      `matting called topics.publish on projects/local-project/topics/sticker-replies as ${plan.accounts.matting} without pubsub.topics.publish`,
    );
  });

  it('the database condition holds, and a call must be made as the function own account', () => {
    const other = callViolations(plan.policy, plan.accounts, { webhook: [read('other-db')] });
    assert.deepEqual(
      other.map((v) => v.permission),
      ['datastore.entities.get'],
    );
    const borrowed = callViolations(plan.policy, plan.accounts, { sender: [read('(default)')] });
    assert.equal(borrowed.length, 1);
    assert.equal(borrowed[0]?.function, 'sender');
  });
});
