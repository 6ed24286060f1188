import { createGcloud, type Gcloud } from './gcloud';
import { applyBindings, baseBindings, pubsubAgent, type Scope } from './iam';
import { parseOptions, resourceNames, UsageError, type DeployOptions } from './options';
import { FIRESTORE } from './resources';
import { readSecret } from './secrets';
import { deleteWebhook } from './telegram-webhook';

/** What a teardown needs besides its options; tests inject fakes. */
export interface TeardownDeps {
  gc: Gcloud;
  fetch?: typeof fetch;
}

/**
 * Removes what deploy created, in the reverse order of dependence: Telegram stops calling
 * first, then the functions (and their Eventarc triggers and subscriptions) go, then what
 * they used. Buckets and Firestore data go only with `--delete-data`. Anything already gone
 * is skipped, so teardown can be re-run after a partial failure.
 */
export async function teardown(o: DeployOptions, deps: TeardownDeps): Promise<void> {
  const { gc } = deps;
  const n = resourceNames(o);
  const s: Scope = { project: o.project, region: o.region };
  const p = `--project=${o.project}`;
  if (gc.dryRun) {
    gc.note('dry run: nothing is called; every read answers "exists", so this is the full');
    gc.note('sequence for a complete deployment (a real run skips what is already gone).');
  }
  const exists = async (args: string[]) => (await gc.read(args, { dry: 'exists' })) !== undefined;

  const latest = ['secrets', 'versions', 'describe', 'latest', `--secret=${n.secrets.botToken}`];
  if (await exists([...latest, p, '--format=value(name)'])) {
    const token = await readSecret(gc, o.project, n.secrets.botToken, 'latest');
    if (gc.dryRun) gc.note('would call deleteWebhook');
    else await deleteWebhook(o.telegramApiRoot, token, deps.fetch);
  }

  const f = n.functions;
  for (const name of [f.webhook, f.matting, f.sender, f.deadLetter]) {
    const where = [name, '--gen2', `--region=${o.region}`, p];
    if (await exists(['functions', 'describe', ...where, '--format=value(name)'])) {
      await gc.run(['functions', 'delete', ...where, '--quiet']);
    }
  }
  for (const topic of [n.topics.replies, n.topics.deadLetter]) {
    if (await exists(['pubsub', 'topics', 'describe', topic, p, '--format=value(name)'])) {
      await gc.run(['pubsub', 'topics', 'delete', topic, p]);
    }
  }
  for (const secret of [n.secrets.botToken, n.secrets.webhookSecret]) {
    if (await exists(['secrets', 'describe', secret, p, '--format=value(name)'])) {
      await gc.run(['secrets', 'delete', secret, p, '--quiet']);
    }
  }

  // Grants on what outlives this teardown (the project, kept buckets) would otherwise stay
  // behind as "deleted:serviceAccount:..." members.
  const ours = new Set(Object.values(n.accounts).map((e) => `serviceAccount:${e}`));
  const agents = { pubsub: pubsubAgent('PROJECT_NUMBER'), storage: 'unused' };
  const lingering = baseBindings(n, s, agents).filter(
    (b) =>
      ours.has(b.member) &&
      (b.resource.kind === 'project' || (b.resource.kind === 'bucket' && !o.deleteData)),
  );
  await applyBindings(gc, s, lingering, 'remove');

  for (const email of Object.values(n.accounts)) {
    if (await exists(['iam', 'service-accounts', 'describe', email, p, '--format=value(email)'])) {
      await gc.run(['iam', 'service-accounts', 'delete', email, p, '--quiet']);
    }
  }
  const role = await gc.read(
    ['iam', 'roles', 'describe', n.uploadsConsumerRole, p, '--format=value(deleted)'],
    { dry: '' },
  );
  if (role !== undefined && role.trim().toLowerCase() !== 'true') {
    await gc.run(['iam', 'roles', 'delete', n.uploadsConsumerRole, p, '--quiet']);
  }

  for (const bucket of [n.buckets.uploads, n.buckets.stickers]) {
    const url = `gs://${bucket}`;
    if (!o.deleteData) {
      gc.note(`kept ${url} and its objects (pass --delete-data to delete them)`);
    } else if (await exists(['storage', 'buckets', 'describe', url, p, '--format=value(name)'])) {
      await gc.run(['storage', 'rm', '--recursive', url, p]);
    }
  }

  // The Firestore data is users' pack records (which pack to add to next) and chat
  // settings: like the buckets' photos and stickers, it goes only with --delete-data. The
  // webhook's grant on it went above, with the other project-level grants. Then:
  // - a named database is the bot's own (deploy created it for --firestore-database): it is
  //   deleted, as a bucket is;
  // - "(default)" is the project's one default database, which other applications may use:
  //   only the bot's collection groups are deleted (bulk-delete), the database stays.
  // Without --delete-data the database stays with its TTL policy, which keeps expiring the
  // fair-use counters. The packs themselves live at Telegram and are never touched.
  const db = `--database=${n.database}`;
  if (!o.deleteData) {
    gc.note(`kept Firestore database ${n.database} and its documents (--delete-data deletes them)`);
  } else if (await exists(['firestore', 'databases', 'describe', db, p, '--format=value(name)'])) {
    if (n.database !== '(default)') {
      await gc.run(['firestore', 'databases', 'delete', db, p, '--quiet']);
    } else {
      const groups = `--collection-ids=${FIRESTORE.collectionGroups.join(',')}`;
      await gc.run(['firestore', 'bulk-delete', groups, db, p, '--quiet']);
      gc.note('kept the (default) Firestore database itself (other applications may use it)');
    }
  }
  gc.note("left in place: enabled APIs; the Cloud Storage service agent's pubsub.publisher");
  gc.note('grant (other Eventarc triggers may need it); build images in Artifact Registry');
  gc.note(`(gcf-artifacts) and function sources in the gcf-v2-* buckets of ${o.region}.`);
}

async function main(argv: string[]): Promise<void> {
  const o = parseOptions(argv, 'teardown');
  await teardown(o, { gc: createGcloud({ dryRun: o.dryRun }) });
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`teardown: ${(err as Error).message}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  });
}
