/**
 * The dry-run plans, read as a reviewer would: every resource, every grant (and nothing
 * broader), the triggers, retries, dead letters and secrets of the four functions. The
 * dry run itself must call nothing.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { COLLECTIONS } from '../shared/bot-state-firestore';
import { ROOT } from './gcloud';
import { dryRunPlan, grantsIn as grants } from './plan-lines';
import { FIRESTORE } from './resources';
import { FUNCTION_TIMEOUT_SECONDS, ackDeadlineSeconds } from '../shared/platform';

const P = 'plan-test-123';
const SA = (id: string) => `serviceAccount:sticker-${id}@${P}.iam.gserviceaccount.com`;
const PUBSUB_AGENT = 'serviceAccount:service-PROJECT_NUMBER@gcp-sa-pubsub.iam.gserviceaccount.com';
const GCS_AGENT =
  'serviceAccount:service-PROJECT_NUMBER@gs-project-accounts.iam.gserviceaccount.com';
const TOKEN = '4242:plan-test-token-never-printed';

const dryRun = (script: string, extra: string[] = [], env?: NodeJS.ProcessEnv) =>
  dryRunPlan(script, P, extra, env);

const plan = dryRun('deploy/deploy.ts');
const L = plan.lines;
const find = (re: RegExp) => L.filter((l) => re.test(l));
const one = (re: RegExp) => {
  const found = find(re);
  assert.equal(found.length, 1, `${re} matched ${found.length} lines`);
  return found[0]!;
};
const deployOf = (name: string) => one(new RegExp(`^gcloud functions deploy sticker-${name} `));

describe('deploy --dry-run', () => {
  it('prints only gcloud commands on stdout and notes on stderr', () => {
    assert.ok(L.length > 80);
    for (const l of L) assert.match(l, /^gcloud /);
    for (const l of plan.stderr.split('\n').filter(Boolean)) assert.match(l, /^# /);
  });

  it('enables the APIs, creates private buckets, topics and one account per function', () => {
    const enable = one(/^gcloud services enable /);
    for (const api of [
      'cloudfunctions',
      'run',
      'cloudbuild',
      'eventarc',
      'pubsub',
      'secretmanager',
      'firestore',
    ]) {
      assert.ok(enable.includes(` ${api}.googleapis.com `), api);
    }
    for (const [bucket, lifecycle] of [
      ['uploads', 'deploy/lifecycle-uploads.json'],
      ['stickers', 'deploy/lifecycle-stickers.json'],
    ]) {
      const create = one(new RegExp(`^gcloud storage buckets create gs://${P}-sticker-${bucket} `));
      for (const flag of [
        '--location=europe-west1',
        '--uniform-bucket-level-access',
        '--public-access-prevention',
        '--soft-delete-duration=0',
        `--lifecycle-file=${lifecycle}`,
      ]) {
        assert.ok(create.includes(flag), `${bucket}: ${flag}`);
      }
    }
    const uploadsRule = JSON.parse(
      readFileSync(path.join(ROOT, 'deploy/lifecycle-uploads.json'), 'utf8'),
    );
    assert.deepEqual(uploadsRule, {
      rule: [{ action: { type: 'Delete' }, condition: { age: 1 } }],
    });
    // Stickers go when delivered (the sender deletes them), at the latest after a day;
    // the delivery records under sent/ outlive Pub/Sub's 7-day message retention.
    const stickersRule = JSON.parse(
      readFileSync(path.join(ROOT, 'deploy/lifecycle-stickers.json'), 'utf8'),
    );
    assert.deepEqual(stickersRule, {
      rule: [
        { action: { type: 'Delete' }, condition: { age: 1, matchesSuffix: ['.webp', '.webm'] } },
        { action: { type: 'Delete' }, condition: { age: 8, matchesPrefix: ['sent/'] } },
      ],
    });
    one(/^gcloud pubsub topics create sticker-replies /);
    one(/^gcloud pubsub topics create sticker-dead-letter /);
    const accounts = find(/^gcloud iam service-accounts create /).map((l) => l.split(' ')[4]);
    assert.deepEqual(accounts, [
      'sticker-webhook',
      'sticker-matting',
      'sticker-sender',
      'sticker-dead-letter',
      'sticker-trigger',
      'sticker-build',
    ]);
    one(
      /^gcloud iam roles create sticker_uploads_consumer .*--permissions=storage\.objects\.get,storage\.objects\.delete /,
    );
    one(
      /^gcloud iam roles create sticker_delivery_cleanup .*--permissions=storage\.objects\.delete /,
    );
  });

  it('grants exactly these roles, each on the narrowest resource', () => {
    const U = `gs://${P}-sticker-uploads`;
    const S = `gs://${P}-sticker-stickers`;
    const sub = (fn: string) => `projects/${P}/subscriptions/SUBSCRIPTION_OF_sticker-${fn}`;
    const claims =
      `resource.name.startsWith("projects/_/buckets/${P}-sticker-stickers/objects/sent/")` +
      ' && resource.name.endsWith(".claim")';
    const expected = [
      `${U} ${SA('webhook')} roles/storage.objectCreator`,
      `${U} ${SA('matting')} projects/${P}/roles/sticker_uploads_consumer`,
      `${S} ${SA('matting')} roles/storage.objectCreator`,
      `${S} ${SA('matting')} roles/storage.objectViewer`,
      `${S} ${SA('sender')} roles/storage.objectCreator`,
      `${S} ${SA('sender')} roles/storage.objectViewer`,
      `${S} ${SA('dead-letter')} roles/storage.objectCreator`,
      `${S} ${SA('dead-letter')} roles/storage.objectViewer`,
      // Delete, only where the claim protocol deletes: claims (both), delivered stickers (sender).
      `${S} ${SA('sender')} projects/${P}/roles/sticker_delivery_cleanup if (${claims}) || resource.name.endsWith(".webp") || resource.name.endsWith(".webm")`,
      `${S} ${SA('dead-letter')} projects/${P}/roles/sticker_delivery_cleanup if ${claims}`,
      `sticker-replies ${SA('matting')} roles/pubsub.publisher`,
      `sticker-dead-letter ${PUBSUB_AGENT} roles/pubsub.publisher`,
      `sticker-bot-token ${SA('webhook')} roles/secretmanager.secretAccessor`,
      `sticker-bot-token ${SA('sender')} roles/secretmanager.secretAccessor`,
      `sticker-bot-token ${SA('dead-letter')} roles/secretmanager.secretAccessor`,
      `sticker-webhook-secret ${SA('webhook')} roles/secretmanager.secretAccessor`,
      `sticker-trigger@${P}.iam.gserviceaccount.com ${PUBSUB_AGENT} roles/iam.serviceAccountTokenCreator`,
      `${P} ${SA('trigger')} roles/eventarc.eventReceiver`,
      `${P} ${GCS_AGENT} roles/pubsub.publisher`,
      `${P} ${SA('build')} roles/logging.logWriter`,
      `${P} ${SA('build')} roles/artifactregistry.writer`,
      `${P} ${SA('build')} roles/storage.objectAdmin if resource.name.startsWith("projects/_/buckets/gcf-v2-")`,
      `${P} ${SA('webhook')} roles/datastore.user if resource.name=="projects/${P}/databases/(default)"`,
      ...['dead-letter', 'sender', 'matting'].map(
        (f) => `sticker-${f} ${SA('trigger')} roles/run.invoker`,
      ),
      `${sub('matting')} ${PUBSUB_AGENT} roles/pubsub.subscriber`,
      `${sub('sender')} ${PUBSUB_AGENT} roles/pubsub.subscriber`,
    ].sort();
    assert.deepEqual(grants(L), expected);
    assert.equal(find(/roles\/(editor|owner|viewer)\b/).length, 0);
  });

  it('creates the Firestore database and its TTL policy, each after reading it', () => {
    const at = (re: RegExp) => L.indexOf(one(re));
    const db = `'--database=\\(default\\)'`;
    const describeDb = at(
      new RegExp(`^gcloud firestore databases describe ${db} --project=${P} --format=json$`),
    );
    const createDb = at(
      new RegExp(
        `^gcloud firestore databases create ${db} --location=europe-west1 ` +
          `--type=firestore-native --project=${P}$`,
      ),
    );
    const listTtl = at(
      new RegExp(
        `^gcloud firestore fields ttls list --collection-group=fairUse ${db} --project=${P} --format=json$`,
      ),
    );
    const setTtl = at(
      new RegExp(
        `^gcloud firestore fields ttls update expireAt --collection-group=fairUse ${db} ` +
          `--enable-ttl --async --project=${P}$`,
      ),
    );
    assert.ok(describeDb < createDb && createDb < listTtl && listTtl < setTtl);
    assert.ok(at(/^gcloud services enable /) < describeDb, 'the API is enabled first');
    // Only the webhook touches Firestore, and only the bot's database.
    const firestoreGrants = grants(L).filter((g) => /roles\/(datastore|firestore)\./.test(g));
    assert.deepEqual(firestoreGrants, [
      `${P} ${SA('webhook')} roles/datastore.user if resource.name=="projects/${P}/databases/(default)"`,
    ]);
    one(/add-iam-policy-binding .*roles\/datastore\.user .*,title=bot-database-only'$/);
  });

  it('gives each function its timeout in --timeout and in FUNCTION_TIMEOUT_SECONDS', () => {
    for (const [fn, target] of [
      ['webhook', 'webhook'],
      ['matting', 'matting'],
      ['sender', 'sender'],
      ['dead-letter', 'deadLetter'],
    ] as const) {
      const s = FUNCTION_TIMEOUT_SECONDS[target];
      assert.match(deployOf(fn), new RegExp(` --timeout=${s}s `), fn);
      assert.match(deployOf(fn), new RegExp(`--set-env-vars=FUNCTION_TIMEOUT_SECONDS=${s},`), fn);
    }
  });

  it('passes the Firestore settings to the webhook only; a named database is used throughout', () => {
    const env = (line: string) => /--set-env-vars=(\S+)/.exec(line)![1]!.replace(/'$/, '');
    assert.equal(
      env(deployOf('webhook')),
      `FUNCTION_TIMEOUT_SECONDS=60,UPLOADS_BUCKET=${P}-sticker-uploads,GOOGLE_CLOUD_PROJECT=${P},` +
        'FIRESTORE_DATABASE=(default),FAIR_USE_PHOTOS_PER_MINUTE=10',
    );
    for (const fn of ['matting', 'sender', 'dead-letter']) {
      assert.doesNotMatch(deployOf(fn), /FIRESTORE|FAIR_USE/, fn);
    }
    const named = dryRun('deploy/deploy.ts', [
      '--firestore-database=bot-state',
      '--fair-use-photos-per-minute=3',
    ]).lines;
    const fs = named.filter((l) => l.startsWith('gcloud firestore '));
    assert.equal(fs.length, 4);
    for (const l of fs) assert.match(l, / --database=bot-state /);
    assert.ok(
      grants(named).includes(
        `${P} ${SA('webhook')} roles/datastore.user if resource.name=="projects/${P}/databases/bot-state"`,
      ),
    );
    const webhook = named.find((l) => l.startsWith('gcloud functions deploy sticker-webhook '))!;
    assert.match(webhook, /,FIRESTORE_DATABASE=bot-state,FAIR_USE_PHOTOS_PER_MINUTE=3 /);
  });

  it("names the webhook's collections and TTL field as the webhook does", () => {
    assert.deepEqual([...FIRESTORE.collectionGroups].sort(), Object.values(COLLECTIONS).sort());
    assert.equal(FIRESTORE.ttl[0], COLLECTIONS.fairUse);
    const source = readFileSync(path.join(ROOT, 'shared/bot-state-firestore.ts'), 'utf8');
    assert.match(source, new RegExp(`\\b${FIRESTORE.ttl[1]}: Timestamp\\.`));
  });

  it('deploys four gen2 functions on nodejs22 from their staged sources', () => {
    const common = [
      '--gen2',
      '--runtime=nodejs22',
      '--min-instances=0',
      '--concurrency=1',
      '--quiet',
    ];
    const cases = {
      webhook: [
        '--source=.deploy/webhook',
        '--entry-point=webhook',
        '--trigger-http',
        '--allow-unauthenticated',
        '--ingress-settings=all',
        '--max-instances=20',
      ],
      matting: [
        '--source=.deploy/matting',
        '--entry-point=matting',
        '--memory=1Gi',
        '--cpu=1',
        '--max-instances=20',
        '--timeout=120s',
        '--trigger-event-filters=type=google.cloud.storage.object.v1.finalized',
        `--trigger-event-filters=bucket=${P}-sticker-uploads`,
        'TFJS_BACKEND=wasm',
        'REPLIES_TOPIC=sticker-replies',
        '--clear-secrets',
      ],
      sender: [
        '--source=.deploy/sender',
        '--entry-point=sender',
        '--trigger-topic=sticker-replies',
        '--memory=256Mi',
        '--max-instances=12',
        '--min-instances=0',
        'TELEGRAM_MESSAGES_PER_SECOND=1.9',
      ],
      'dead-letter': [
        '--source=.deploy/sender',
        '--entry-point=deadLetter',
        '--trigger-topic=sticker-dead-letter',
        '--max-instances=2',
        'TELEGRAM_MESSAGES_PER_SECOND=0.9',
      ],
    };
    for (const [name, flags] of Object.entries(cases)) {
      const line = deployOf(name);
      for (const f of [
        ...common,
        ...flags,
        `--service-account=sticker-${name}@${P}.iam.gserviceaccount.com`,
      ]) {
        assert.ok(line.includes(f), `${name}: ${f}`);
      }
      assert.ok(
        line.includes(`--build-service-account=projects/${P}/serviceAccounts/sticker-build@`),
        name,
      );
      if (name !== 'webhook') {
        for (const f of [
          '--retry',
          '--no-allow-unauthenticated',
          '--ingress-settings=internal-only',
        ]) {
          assert.ok(line.includes(f), `${name}: ${f}`);
        }
        assert.ok(
          line.includes(`--trigger-service-account=sticker-trigger@${P}.iam.gserviceaccount.com`),
        );
      }
    }
    // The webhook goes last, once everything behind it exists.
    assert.match(find(/functions deploy/).at(-1)!, /sticker-webhook/);
  });

  it('passes secrets by reference to a pinned version, never as values or env vars', () => {
    assert.match(
      deployOf('webhook'),
      / --set-secrets=TELEGRAM_BOT_TOKEN=sticker-bot-token:1,TELEGRAM_WEBHOOK_SECRET=sticker-webhook-secret:1 /,
    );
    for (const fn of ['sender', 'dead-letter']) {
      assert.match(deployOf(fn), / --set-secrets=TELEGRAM_BOT_TOKEN=sticker-bot-token:1 /);
    }
    for (const l of find(/--set-env-vars=/)) {
      assert.doesNotMatch(
        /--set-env-vars=(\S+)/.exec(l)![1]!,
        /TELEGRAM_(BOT_TOKEN|WEBHOOK_SECRET)/,
      );
    }
    for (const l of find(/^gcloud secrets (create|versions add) /))
      assert.match(l, / --data-file=- /);
    const withToken = dryRun('deploy/deploy.ts', [], { ...process.env, TELEGRAM_BOT_TOKEN: TOKEN });
    assert.ok(!withToken.stdout.includes(TOKEN) && !withToken.stderr.includes(TOKEN));
  });

  it('gives both trigger subscriptions the dead-letter topic, bounded attempts and an ack deadline past the timeout', () => {
    for (const [fn, ack] of [
      ['matting', ackDeadlineSeconds(FUNCTION_TIMEOUT_SECONDS.matting)],
      ['sender', ackDeadlineSeconds(FUNCTION_TIMEOUT_SECONDS.sender)],
    ] as const) {
      one(
        new RegExp(
          `^gcloud eventarc triggers describe projects/${P}/locations/europe-west1/triggers/TRIGGER_OF_sticker-${fn} `,
        ),
      );
      one(
        new RegExp(
          `^gcloud pubsub subscriptions update projects/${P}/subscriptions/SUBSCRIPTION_OF_sticker-${fn} .*--dead-letter-topic=projects/${P}/topics/sticker-dead-letter --max-delivery-attempts=10 --ack-deadline=${ack}$`,
        ),
      );
    }
  });

  it('sets the webhook last (on stderr: no call in a dry run) with allowed_updates ["message"]', () => {
    assert.match(
      plan.stderr,
      /# would call setWebhook url=https:\/\/FUNCTION_URL_OF_sticker-webhook secret_token=<sticker-webhook-secret> allowed_updates=\["message","edited_message","callback_query"\] max_connections=20/,
    );
    assert.match(L.at(-1)!, /^gcloud secrets versions access 1 --secret=sticker-webhook-secret /);
  });

  it('calls nothing: no gcloud process, no HTTP', () => {
    const bin = mkdtempSync(path.join(os.tmpdir(), 'no-gcloud-'));
    try {
      const marker = path.join(bin, 'called');
      writeFileSync(path.join(bin, 'gcloud'), `#!/bin/sh\ntouch ${marker}\nexit 1\n`);
      chmodSync(path.join(bin, 'gcloud'), 0o755);
      const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
      dryRun('deploy/deploy.ts', ['--telegram-api-root=http://127.0.0.1:9'], env);
      dryRun('deploy/teardown.ts', ['--delete-data'], env);
      assert.equal(existsSync(marker), false);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
