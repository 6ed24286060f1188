/**
 * Deploy and teardown against an in-memory project (fake-cloud.ts): the second deploy only
 * reads, drift is repaired and nothing else touched, teardown removes what deploy made,
 * secrets never appear on a command line, and Telegram gets exactly one webhook setting.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { deploy } from './deploy';
import { createFakeCloud, MUTATING } from './fake-cloud';
import { createGcloud, formatCommand } from './gcloud';
import { parseOptions, UsageError } from './options';
import type { SourceName, StagedSource } from './stage';
import { teardown } from './teardown';

const TOKEN = '123456:AAH-secret-token-value-xyz';
const staged = (hash: string) =>
  Object.fromEntries(
    (['webhook', 'matting', 'sender'] as const).map((s) => [
      s,
      { source: s, hash } as StagedSource,
    ]),
  ) as Record<SourceName, StagedSource>;

/** Every command line the fake received, and Telegram calls, across the scenarios below. */
export const seenCommands = new Set<string>();

function setup() {
  const cloud = createFakeCloud('my-proj-123');
  const telegram: { method: string; body: Record<string, unknown> }[] = [];
  const fetchFake = ((url: string, init?: RequestInit) => {
    const method = url.split('/').pop()!;
    const body = JSON.parse((init?.body as string | undefined) ?? '{}') as Record<string, unknown>;
    telegram.push({ method, body });
    const result = method === 'getWebhookInfo' ? { url: 'x', pending_update_count: 0 } : true;
    return Promise.resolve(new Response(JSON.stringify({ ok: true, result }), { status: 200 }));
  }) as unknown as typeof fetch;
  const gc = createGcloud({
    dryRun: false,
    exec: cloud.exec,
    err: () => {},
    sleep: async () => {},
  });
  const run = async (argv: string[], opts: { hash?: string; env?: object } = {}) => {
    const before = cloud.log.length;
    const o = parseOptions(['--project', 'my-proj-123', '--region', 'europe-west1', ...argv]);
    await deploy(o, {
      gc,
      secretValues: { TELEGRAM_BOT_TOKEN: TOKEN, ...opts.env },
      staged: staged(opts.hash ?? 'source-1'),
      fetch: fetchFake,
      print: () => {},
    });
    return record(cloud.log.slice(before));
  };
  const down = async (argv: string[] = []) => {
    const before = cloud.log.length;
    const o = parseOptions(
      ['--project', 'my-proj-123', '--region', 'europe-west1', ...argv],
      'teardown',
    );
    await teardown(o, { gc, fetch: fetchFake });
    return record(cloud.log.slice(before));
  };
  return { cloud, telegram, run, down };
}

function record(cmds: string[][]): string[][] {
  for (const c of cmds) seenCommands.add(formatCommand(c));
  return cmds;
}
const writes = (cmds: string[][]) => cmds.filter((c) => MUTATING.test(c.slice(0, 4).join(' ')));
const show = (cmds: string[][]) => cmds.map((c) => formatCommand(c));

describe('deploy against a fake project', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => (t = setup()));

  it('a second run with nothing changed only reads', async () => {
    const first = await t.run([]);
    assert.ok(writes(first).length > 40);
    const second = await t.run([]);
    assert.deepEqual(show(writes(second)), []);
    assert.equal(t.cloud.state.functions.size, 4);
    for (const fn of t.cloud.state.functions.values()) assert.equal(fn.state, 'ACTIVE');
  });

  it('refuses a user-supplied webhook secret under 16 characters before calling anything', async () => {
    await assert.rejects(
      t.run([], { env: { TELEGRAM_WEBHOOK_SECRET: 'fifteen_chars_x' } }),
      (err: unknown) =>
        err instanceof UsageError &&
        /TELEGRAM_WEBHOOK_SECRET is 15 characters; deploy needs at least 16/.test(err.message) &&
        !err.message.includes('fifteen_chars_x'),
    );
    assert.deepEqual(t.cloud.log, []);
    await t.run([], { env: { TELEGRAM_WEBHOOK_SECRET: 'sixteen_chars_xy' } });
    assert.equal(t.cloud.state.functions.size, 4);
  });

  it('creates the Firestore database and its TTL policy once, grants only the webhook', async () => {
    await t.run([]);
    await t.run([]);
    const said = (re: RegExp) => t.cloud.log.filter((c) => re.test(c.join(' '))).length;
    assert.equal(said(/^firestore databases create /), 1);
    assert.equal(said(/^firestore fields ttls update expireAt /), 1);
    const db = t.cloud.state.databases.get('(default)')!;
    assert.deepEqual(db.raw, {
      name: 'projects/my-proj-123/databases/(default)',
      locationId: 'europe-west1',
      type: 'FIRESTORE_NATIVE',
    });
    assert.deepEqual([...db.ttl], [['fairUse/expireAt', 'CREATING']]);
    const firestoreGrants = t.cloud.state.project.bindings.filter((b) =>
      b.role.startsWith('roles/datastore.'),
    );
    assert.deepEqual(firestoreGrants, [
      {
        role: 'roles/datastore.user',
        members: ['serviceAccount:sticker-webhook@my-proj-123.iam.gserviceaccount.com'],
        condition: { expression: 'resource.name=="projects/my-proj-123/databases/(default)"' },
      },
    ]);
    const webhook = t.cloud.state.functions.get('sticker-webhook')!.args.join(' ');
    assert.match(
      webhook,
      /GOOGLE_CLOUD_PROJECT=my-proj-123,FIRESTORE_DATABASE=\(default\),FAIR_USE_PHOTOS_PER_MINUTE=10/,
    );
  });

  it('re-enables a TTL policy that needs repair or was disabled, and leaves an active one', async () => {
    await t.run([]);
    const ttl = t.cloud.state.databases.get('(default)')!.ttl;
    ttl.set('fairUse/expireAt', 'ACTIVE');
    assert.deepEqual(show(writes(await t.run([]))), []);
    for (const drift of [() => ttl.set('fairUse/expireAt', 'NEEDS_REPAIR'), () => ttl.clear()]) {
      drift();
      assert.deepEqual(show(writes(await t.run([]))), [
        "gcloud firestore fields ttls update expireAt --collection-group=fairUse '--database=(default)' --enable-ttl --async --project=my-proj-123",
      ]);
    }
  });

  it('uses an existing database as it is, and refuses one in Datastore mode', async () => {
    t.cloud.state.databases.set('bot-state', {
      raw: { name: 'x', locationId: 'eur3', type: 'FIRESTORE_NATIVE' },
      ttl: new Map(),
      bulkDeleted: [],
    });
    const first = show(writes(await t.run(['--firestore-database=bot-state'])));
    assert.ok(!first.some((c) => c.includes('firestore databases create')));
    assert.ok(
      first.some((c) => c.includes('ttls update expireAt') && c.includes('--database=bot-state ')),
    );
    t.cloud.state.databases.get('bot-state')!.raw.type = 'DATASTORE_MODE';
    await assert.rejects(t.run(['--firestore-database=bot-state']), /Datastore|DATASTORE_MODE/);
  });

  it('never puts a secret value on a command line, and pins secret versions', async () => {
    await t.run([]);
    const all = t.cloud.log.map((c) => c.join(' '));
    assert.ok(!all.some((c) => c.includes(TOKEN)));
    const generated = t.cloud.state.secrets.get('sticker-webhook-secret')!.versions[0]!;
    assert.match(generated, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(!all.some((c) => c.includes(generated)));
    assert.equal(t.cloud.state.secrets.get('sticker-bot-token')!.versions[0], TOKEN);
    const webhook = t.cloud.state.functions.get('sticker-webhook')!.args.join(' ');
    assert.match(
      webhook,
      /TELEGRAM_BOT_TOKEN=sticker-bot-token:1,TELEGRAM_WEBHOOK_SECRET=sticker-webhook-secret:1/,
    );
  });

  it('sets the webhook with the function URL, secret header and allowed updates', async () => {
    await t.run([]);
    const set = t.telegram.filter((c) => c.method === 'setWebhook');
    assert.deepEqual(set[0]?.body, {
      url: 'https://europe-west1-my-proj-123.cloudfunctions.net/sticker-webhook',
      secret_token: t.cloud.state.secrets.get('sticker-webhook-secret')!.versions[0],
      allowed_updates: ['message', 'edited_message', 'callback_query'],
      max_connections: 20,
    });
    assert.deepEqual(
      t.telegram.map((c) => c.method),
      ['setWebhook', ...Array<string>(10).fill('setMyCommands'), 'getWebhookInfo'],
    );
    const commands = t.telegram.filter((c) => c.method === 'setMyCommands');
    assert.deepEqual(
      commands.map((c) => (c.body as { language_code?: string }).language_code),
      [undefined, 'es', 'ru', 'de', 'pt', 'fr', 'it', 'uk', 'tr', 'id'],
    );
  });

  it('repairs drift and touches nothing else', async () => {
    await t.run([]);
    const s = t.cloud.state;
    s.buckets.get('my-proj-123-sticker-uploads')!.raw.lifecycle = { rule: [] };
    const [sub] = [...s.subscriptions.keys()].filter((k) => k.includes('sticker-matting'));
    s.subscriptions.get(sub!)!.raw.deadLetterPolicy = undefined;
    s.project.bindings = s.project.bindings.filter(
      (b) => b.role !== 'roles/eventarc.eventReceiver',
    );
    const repair = show(writes(await t.run([])));
    assert.equal(repair.length, 3, repair.join('\n'));
    assert.match(repair[0]!, /^gcloud storage buckets update gs:\/\/my-proj-123-sticker-uploads /);
    assert.match(repair[1]!, /projects add-iam-policy-binding .*eventarc\.eventReceiver/);
    assert.match(repair[2]!, /subscriptions update .*sticker-matting.*--max-delivery-attempts=10/);
  });

  it('redeploys only functions whose source changed, and rotates secrets on request', async () => {
    await t.run([]);
    const changed = show(writes(await t.run([], { hash: 'source-2' })));
    assert.equal(changed.filter((c) => c.includes('functions deploy')).length, 4);
    const kept = show(
      writes(await t.run([], { hash: 'source-2', env: { TELEGRAM_BOT_TOKEN: '9:new' } })),
    );
    assert.deepEqual(kept, []);
    const rotated = show(
      writes(
        await t.run(['--rotate-secrets'], {
          hash: 'source-2',
          env: { TELEGRAM_BOT_TOKEN: '9:new' },
        }),
      ),
    );
    assert.match(rotated[0]!, /^gcloud secrets versions add sticker-bot-token /);
    // The three functions reading the token are redeployed with version 2; matting is not.
    const redeployed = rotated.filter((c) => c.includes('functions deploy'));
    assert.equal(redeployed.length, 3);
    for (const c of redeployed) assert.match(c, /sticker-bot-token:2/);
  });

  it('teardown removes what deploy created; a second teardown and a redeploy work', async () => {
    await t.run([]);
    await t.down([]);
    const s = t.cloud.state;
    for (const m of [s.functions, s.topics, s.secrets, s.accounts, s.subscriptions]) {
      assert.equal(m.size, 0);
    }
    for (const role of ['sticker_uploads_consumer', 'sticker_delivery_cleanup']) {
      assert.equal(s.roles.get(role)?.deleted, true, role);
    }
    assert.equal(s.buckets.size, 2, 'buckets are kept without --delete-data');
    assert.deepEqual([...s.databases.keys()], ['(default)'], 'so is the database');
    assert.ok(
      !s.project.bindings.some((b) => b.role === 'roles/datastore.user' && b.members.length),
    );
    const strays = s.project.bindings
      .flatMap((b) => b.members)
      .filter((m) => m.includes('sticker-'));
    assert.deepEqual(strays, []);
    assert.deepEqual(show(writes(await t.down([]))), []);
    assert.equal(t.telegram.filter((c) => c.method === 'deleteWebhook').length, 1);
    const again = show(writes(await t.run([])));
    for (const role of ['sticker_uploads_consumer', 'sticker_delivery_cleanup']) {
      assert.ok(again.includes(`gcloud iam roles undelete ${role} --project=my-proj-123`), role);
    }
    await t.down(['--delete-data']);
    assert.equal(s.buckets.size, 0);
    // The (default) database is the project's: only the bot's collection groups go.
    assert.deepEqual(s.databases.get('(default)')?.bulkDeleted, [
      ['chats', 'users', 'packStickers', 'fairUse'],
    ]);
  });

  it("teardown --delete-data deletes a named database, the bot's own", async () => {
    await t.run(['--firestore-database=bot-state']);
    assert.ok(t.cloud.state.databases.has('bot-state'));
    await t.down(['--firestore-database=bot-state']);
    assert.ok(t.cloud.state.databases.has('bot-state'), 'kept without --delete-data');
    const gone = show(writes(await t.down(['--firestore-database=bot-state', '--delete-data'])));
    assert.ok(
      gone.includes(
        'gcloud firestore databases delete --database=bot-state --project=my-proj-123 --quiet',
      ),
    );
    assert.equal(t.cloud.state.databases.size, 0);
    assert.deepEqual(
      show(writes(await t.down(['--firestore-database=bot-state', '--delete-data']))),
      [],
    );
  });
});
