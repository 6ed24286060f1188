/**
 * The teardown dry run mirrors the deploy: functions go first, every grant deploy made to
 * its own accounts on the project is removed, and buckets go only with --delete-data.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dryRunPlan, grantsIn } from './plan-lines';

const P = 'plan-test-123';
describe('teardown --dry-run', () => {
  const down = dryRunPlan('deploy/teardown.ts', P).lines;
  const withData = dryRunPlan('deploy/teardown.ts', P, ['--delete-data']).lines;

  it('deletes the functions first, then topics, secrets, grants, accounts and the role', () => {
    const order = down
      .filter((l) => / (delete|remove-iam-policy-binding) /.test(l))
      .map((l) => l.split(' ').slice(1, 3).join(' '));
    assert.deepEqual(
      [...new Set(order)],
      [
        'functions delete',
        'pubsub topics',
        'secrets delete',
        'storage buckets',
        'projects remove-iam-policy-binding',
        'iam service-accounts',
        'iam roles',
      ],
    );
    assert.equal(down.filter((l) => l.startsWith('gcloud functions delete')).length, 4);
    assert.equal(down.filter((l) => l.startsWith('gcloud iam service-accounts delete')).length, 6);
    assert.deepEqual(
      down.filter((l) => l.startsWith('gcloud iam roles delete')).map((l) => l.split(' ')[4]),
      ['sticker_uploads_consumer', 'sticker_delivery_cleanup'],
    );
  });

  it('removes exactly the project-level grants deploy made to its own accounts', () => {
    const removed = grantsIn(down, 'remove').filter((g) => g.startsWith(`${P} `));
    const added = grantsIn(dryRunPlan('deploy/deploy.ts', P).lines).filter(
      (g) => g.startsWith(`${P} `) && !g.includes('gs-project-accounts'),
    );
    assert.deepEqual(removed, added);
  });

  it('keeps the Firestore data unless --delete-data; then only the bot data goes', () => {
    assert.deepEqual(
      down.filter((l) => l.startsWith('gcloud firestore ')),
      [],
    );
    // "(default)" is the project's database: only the bot's collection groups are deleted.
    assert.deepEqual(
      withData.filter((l) => l.startsWith('gcloud firestore ')),
      [
        `gcloud firestore databases describe '--database=(default)' --project=${P} '--format=value(name)'`,
        `gcloud firestore bulk-delete --collection-ids=chats,users,packStickers,fairUse '--database=(default)' --project=${P} --quiet`,
      ],
    );
    // A named database is the bot's own: deleted, like a bucket.
    const named = dryRunPlan('deploy/teardown.ts', P, [
      '--delete-data',
      '--firestore-database=bot-state',
    ]).lines;
    assert.deepEqual(
      named.filter((l) => l.startsWith('gcloud firestore ')),
      [
        `gcloud firestore databases describe --database=bot-state --project=${P} '--format=value(name)'`,
        `gcloud firestore databases delete --database=bot-state --project=${P} --quiet`,
      ],
    );
    assert.ok(
      grantsIn(named, 'remove').includes(
        `${P} serviceAccount:sticker-webhook@${P}.iam.gserviceaccount.com roles/datastore.user if resource.name=="projects/${P}/databases/bot-state"`,
      ),
    );
  });

  it('keeps the buckets unless --delete-data', () => {
    assert.equal(down.filter((l) => l.includes('storage rm')).length, 0);
    assert.deepEqual(
      withData.filter((l) => l.includes('storage rm')),
      [
        `gcloud storage rm --recursive gs://${P}-sticker-uploads --project=${P}`,
        `gcloud storage rm --recursive gs://${P}-sticker-stickers --project=${P}`,
      ],
    );
  });
});
