import { createGcloud, type Gcloud } from './gcloud';
import { applyBindings, baseBindings, customRoles, pubsubAgent } from './iam';
import { deployTarget, parseOptions, UsageError, type DeployOptions } from './options';
import { FIRESTORE } from './resources';
import { readSecret } from './secrets';
import { deployBotApi } from './telegram-webhook';

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
export async function teardown(options: DeployOptions, deps: TeardownDeps): Promise<void> {
  const { gc } = deps;
  const { names, scope, projectFlag } = deployTarget(options);
  if (gc.dryRun) {
    gc.note('dry run: nothing is called; every read answers "exists", so this is the full');
    gc.note('sequence for a complete deployment (a real run skips what is already gone).');
  }
  const exists = async (args: string[]) => (await gc.read(args, { dry: 'exists' })) !== undefined;

  const latest = [
    'secrets',
    'versions',
    'describe',
    'latest',
    `--secret=${names.secrets.botToken}`,
  ];
  if (await exists([...latest, projectFlag, '--format=value(name)'])) {
    const token = await readSecret(gc, options.project, names.secrets.botToken, 'latest');
    if (gc.dryRun) gc.note('would call deleteWebhook');
    else await deployBotApi(options.telegramApiRoot, token, deps.fetch).deleteWebhook();
  }

  const fns = names.functions;
  for (const name of [fns.webhook, fns.matting, fns.sender, fns.deadLetter]) {
    const where = [name, '--gen2', `--region=${options.region}`, projectFlag];
    if (await exists(['functions', 'describe', ...where, '--format=value(name)'])) {
      await gc.run(['functions', 'delete', ...where, '--quiet']);
    }
  }
  for (const topic of [names.topics.replies, names.topics.deadLetter]) {
    if (
      await exists(['pubsub', 'topics', 'describe', topic, projectFlag, '--format=value(name)'])
    ) {
      await gc.run(['pubsub', 'topics', 'delete', topic, projectFlag]);
    }
  }
  for (const secret of [names.secrets.botToken, names.secrets.webhookSecret]) {
    if (await exists(['secrets', 'describe', secret, projectFlag, '--format=value(name)'])) {
      await gc.run(['secrets', 'delete', secret, projectFlag, '--quiet']);
    }
  }

  // Grants on what outlives this teardown (the project, kept buckets) would otherwise stay
  // behind as "deleted:serviceAccount:..." members.
  const ours = new Set(Object.values(names.accounts).map((e) => `serviceAccount:${e}`));
  const agents = { pubsub: pubsubAgent('PROJECT_NUMBER'), storage: 'unused' };
  const lingering = baseBindings(names, scope, agents).filter(
    (b) =>
      ours.has(b.member) &&
      (b.resource.kind === 'project' || (b.resource.kind === 'bucket' && !options.deleteData)),
  );
  await applyBindings(gc, scope, lingering, 'remove');

  for (const email of Object.values(names.accounts)) {
    if (
      await exists([
        'iam',
        'service-accounts',
        'describe',
        email,
        projectFlag,
        '--format=value(email)',
      ])
    ) {
      await gc.run(['iam', 'service-accounts', 'delete', email, projectFlag, '--quiet']);
    }
  }
  for (const { id } of customRoles(names)) {
    const role = await gc.read(
      ['iam', 'roles', 'describe', id, projectFlag, '--format=value(deleted)'],
      { dry: '' },
    );
    if (role !== undefined && role.trim().toLowerCase() !== 'true') {
      await gc.run(['iam', 'roles', 'delete', id, projectFlag, '--quiet']);
    }
  }

  for (const bucket of [names.buckets.uploads, names.buckets.stickers]) {
    const url = `gs://${bucket}`;
    if (!options.deleteData) {
      gc.note(`kept ${url} and its objects (pass --delete-data to delete them)`);
    } else if (
      await exists(['storage', 'buckets', 'describe', url, projectFlag, '--format=value(name)'])
    ) {
      await gc.run(['storage', 'rm', '--recursive', url, projectFlag]);
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
  const db = `--database=${names.database}`;
  if (!options.deleteData) {
    gc.note(
      `kept Firestore database ${names.database} and its documents (--delete-data deletes them)`,
    );
  } else if (
    await exists(['firestore', 'databases', 'describe', db, projectFlag, '--format=value(name)'])
  ) {
    if (names.database !== '(default)') {
      await gc.run(['firestore', 'databases', 'delete', db, projectFlag, '--quiet']);
    } else {
      const groups = `--collection-ids=${FIRESTORE.collectionGroups.join(',')}`;
      await gc.run(['firestore', 'bulk-delete', groups, db, projectFlag, '--quiet']);
      gc.note('kept the (default) Firestore database itself (other applications may use it)');
    }
  }
  gc.note("left in place: enabled APIs; the Cloud Storage service agent's pubsub.publisher");
  gc.note('grant (other Eventarc triggers may need it); build images in Artifact Registry');
  gc.note(`(gcf-artifacts) and function sources in the gcf-v2-* buckets of ${options.region}.`);
}

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv, 'teardown');
  await teardown(options, { gc: createGcloud({ dryRun: options.dryRun }) });
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`teardown: ${(err as Error).message}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  });
}
