import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { deployArgs, functionSpecs, type FunctionSpec } from './function-specs';
import { createGcloud, parseJson, ROOT, type Gcloud } from './gcloud';
import { applyBindings, baseBindings, customRoles, deployedBindings, pubsubAgent } from './iam';
import {
  checkSecretValues,
  deployTarget,
  parseOptions,
  resourceNames,
  UsageError,
  type DeployOptions,
} from './options';
import {
  ensureApis,
  ensureBucket,
  ensureDeadLetterPolicy,
  ensureFirestoreDatabase,
  ensureServiceAccount,
  ensureTtlPolicy,
  ensureTopic,
  ensureCustomRole,
  FIRESTORE,
} from './resources';
import { ensureSecret, readSecret, secretInputs, secretSpecs } from './secrets';
import { SOURCES, stageSource, type SourceName, type StagedSource } from './stage';
import { ALLOWED_UPDATES } from '../shared/allowed-updates';
import { deployBotApi } from './telegram-webhook';
import { FUNCTION_TIMEOUT_SECONDS, ackDeadlineSeconds } from '../shared/platform';

/** What a deploy needs besides its options; tests inject fakes. */
export interface DeployDeps {
  gc: Gcloud;
  /** TELEGRAM_BOT_TOKEN / TELEGRAM_WEBHOOK_SECRET, if given */
  secretValues: Partial<Record<'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_WEBHOOK_SECRET', string>>;
  /** staged sources; absent in a dry run (nothing is built) */
  staged?: Record<SourceName, StagedSource>;
  fetch?: typeof fetch;
  /** the final getWebhookInfo report (stdout) */
  print?: (line: string) => void;
}

/** Label holding a digest of source + settings; equal digest, no redeploy. */
const HASH_LABEL = 'deploy-sha';

interface FunctionJson {
  state?: string;
  url?: string;
  labels?: Record<string, string>;
  eventTrigger?: { trigger?: string };
  serviceConfig?: { uri?: string; service?: string };
}

/**
 * Builds or converges the whole chain: APIs, buckets, the Firestore database and its TTL
 * policy, topics, accounts, secrets, IAM, the four functions, dead-letter policies, then
 * Telegram's webhook. Every step reads before it writes, so running it twice changes
 * nothing the second time.
 */
export async function deploy(options: DeployOptions, deps: DeployDeps): Promise<void> {
  const { gc } = deps;
  checkSecretValues(deps.secretValues);
  const { names, scope, projectFlag } = deployTarget(options);
  if (gc.dryRun) {
    gc.note('dry run: nothing is called; every read answers "does not exist", so this is');
    gc.note('the full sequence for an empty project (a real run skips what already exists).');
  }

  await ensureApis(gc, scope);
  const projectNumber = (
    await gc.run(['projects', 'describe', options.project, '--format=value(projectNumber)'], {
      dry: 'PROJECT_NUMBER',
    })
  ).trim();
  const agents = {
    pubsub: pubsubAgent(projectNumber),
    storage: (
      await gc.run(['storage', 'service-agent', projectFlag], {
        dry: 'service-PROJECT_NUMBER@gs-project-accounts.iam.gserviceaccount.com',
      })
    ).trim(),
  };

  await ensureBucket(gc, scope, names.buckets.uploads, 'deploy/lifecycle-uploads.json');
  // Stickers expire after 7 days. Packs do not depend on them: "Add to my pack" passes
  // Telegram the file_id of the sticker message it sent (functions/webhook/packs.ts), and
  // Telegram keeps its own copy of every sticker in a set.
  await ensureBucket(gc, scope, names.buckets.stickers, 'deploy/lifecycle-stickers.json');
  await ensureFirestoreDatabase(gc, scope, names.database);
  await ensureTtlPolicy(gc, scope, names.database, FIRESTORE.ttl[0], FIRESTORE.ttl[1]);
  await ensureTopic(gc, scope, names.topics.replies);
  await ensureTopic(gc, scope, names.topics.deadLetter);
  const accounts = names.accounts;
  for (const [email, what] of [
    [accounts.webhook, 'Runs the webhook function'],
    [accounts.matting, 'Runs the matting function'],
    [accounts.sender, 'Runs the sender function'],
    [accounts.deadLetter, 'Runs the dead-letter function'],
    [accounts.trigger, 'Eventarc delivers events to the functions as this account'],
    [accounts.build, 'Cloud Build builds the functions as this account'],
  ] as const) {
    await ensureServiceAccount(gc, scope, email, what);
  }
  for (const role of customRoles(names)) await ensureCustomRole(gc, scope, role);

  const versions: Record<string, string> = {};
  for (const spec of secretSpecs(names.secrets)) {
    const given = deps.secretValues[spec.env];
    versions[spec.name] = await ensureSecret(
      gc,
      options.project,
      spec,
      given,
      options.rotateSecrets,
    );
  }
  await applyBindings(gc, scope, baseBindings(names, scope, agents));

  const deployed: Record<string, FunctionJson> = {};
  for (const spec of functionSpecs(options, names)) {
    deployed[spec.name] = await deployFunction(
      gc,
      options,
      spec,
      versions,
      deps.staged?.[spec.source],
    );
  }

  const events = [names.functions.deadLetter, names.functions.sender, names.functions.matting];
  const services = events.map((name) => lastSegment(deployed[name]?.serviceConfig?.service, name));
  const subscriptions: string[] = [];
  const pushed = [
    { name: names.functions.matting, target: 'matting' as const },
    { name: names.functions.sender, target: 'sender' as const },
  ];
  for (const { name, target } of pushed) {
    const trigger = deployed[name]?.eventTrigger?.trigger;
    if (!trigger) throw new Error(`${name} has no Eventarc trigger`);
    const sub = (
      await gc.run(
        [
          'eventarc',
          'triggers',
          'describe',
          trigger,
          `--location=${options.region}`,
          projectFlag,
        ].concat('--format=value(transport.pubsub.subscription)'),
        { dry: `projects/${options.project}/subscriptions/SUBSCRIPTION_OF_${name}` },
      )
    ).trim();
    await ensureDeadLetterPolicy(
      gc,
      scope,
      sub,
      names.topics.deadLetter,
      options.maxDeliveryAttempts,
      ackDeadlineSeconds(FUNCTION_TIMEOUT_SECONDS[target]),
    );
    subscriptions.push(sub);
  }
  await applyBindings(gc, scope, deployedBindings(names, agents, services, subscriptions));

  const webhook = deployed[names.functions.webhook];
  const url = webhook?.url ?? webhook?.serviceConfig?.uri;
  if (!url) throw new Error(`${names.functions.webhook} has no URL`);
  const token = await readSecret(
    gc,
    options.project,
    names.secrets.botToken,
    versions[names.secrets.botToken]!,
  );
  const secretToken = await readSecret(
    gc,
    options.project,
    names.secrets.webhookSecret,
    versions[names.secrets.webhookSecret]!,
  );
  const settings = { url, secretToken, maxConnections: options.webhookMaxInstances };
  if (gc.dryRun) {
    gc.note(
      `would call setWebhook url=${url} secret_token=<${names.secrets.webhookSecret}> ` +
        `allowed_updates=${JSON.stringify(ALLOWED_UPDATES)} max_connections=${settings.maxConnections}`,
    );
    gc.note('would call setMyCommands (default list + one per catalogue language)');
    gc.note('would call getWebhookInfo and print it');
    return;
  }
  const bot = deployBotApi(options.telegramApiRoot, token, deps.fetch);
  await bot.setWebhook(settings);
  await bot.setCommands();
  const info = await bot.getWebhookInfo();
  (deps.print ?? console.log)(JSON.stringify({ getWebhookInfo: info }, null, 2));
}

/** Deploys one function unless the deployed one carries the same digest and is ACTIVE. */
async function deployFunction(
  gc: Gcloud,
  options: DeployOptions,
  spec: FunctionSpec,
  secretVersions: Record<string, string>,
  staged: StagedSource | undefined,
): Promise<FunctionJson> {
  const describe = ['functions', 'describe', spec.name, '--gen2', `--region=${options.region}`];
  describe.push(`--project=${options.project}`, '--format=json');
  const current = parseJson<FunctionJson>(await gc.read(describe));
  const names = resourceNames(options);
  const context = {
    project: options.project,
    region: options.region,
    triggerAccount: names.accounts.trigger,
    buildAccount: names.accounts.build,
    secretVersions,
  };
  const args = deployArgs(spec, context);
  if (!staged && !gc.dryRun) throw new Error(`${spec.source} was not staged`);
  const digest = staged
    ? createHash('sha256').update(staged.hash).update(JSON.stringify(args)).digest('hex')
    : 'dry-run';
  const label = digest.slice(0, 32);
  if (!options.force && current.state === 'ACTIVE' && current.labels?.[HASH_LABEL] === label) {
    gc.note(`${spec.name}: source and settings unchanged, not redeployed`);
    return current;
  }
  await gc.run(deployArgs(spec, context, `${HASH_LABEL}=${label}`));
  const placeholder: FunctionJson = {
    url: `https://FUNCTION_URL_OF_${spec.name}`,
    eventTrigger:
      spec.trigger.kind === 'http'
        ? undefined
        : {
            trigger: `projects/${options.project}/locations/${options.region}/triggers/TRIGGER_OF_${spec.name}`,
          },
    serviceConfig: {
      service: `projects/${options.project}/locations/${options.region}/services/${spec.name}`,
    },
  };
  return parseJson<FunctionJson>(await gc.run(describe, { dry: JSON.stringify(placeholder) }));
}

function lastSegment(resource: string | undefined, fallback: string): string {
  return resource?.split('/').pop() || fallback;
}

/** Builds dist/ (unless told not to) and stages the three uploads, reporting their sizes. */
export function stageAll(options: DeployOptions, gc: Gcloud): Record<SourceName, StagedSource> {
  if (!options.skipBuild) {
    const build = spawnSync('npm', ['run', 'build', '--silent'], {
      cwd: ROOT,
      stdio: ['ignore', 2, 2],
    });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  const staged = {} as Record<SourceName, StagedSource>;
  for (const source of SOURCES) {
    const stagedSource = stageSource(source);
    staged[source] = stagedSource;
    const kib = (stagedSource.bytes / 1024).toFixed(0);
    gc.note(
      `staged ${stagedSource.dir}: ${stagedSource.files.length} files, ${kib} KiB upload, ` +
        `deps: ${Object.keys(stagedSource.dependencies).join(' ')}`,
    );
  }
  return staged;
}

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv, 'deploy');
  const gc = createGcloud({ dryRun: options.dryRun });
  const staged = options.dryRun ? undefined : stageAll(options, gc);
  const secretValues = secretInputs(ROOT);
  for (const name of Object.keys(secretValues)) {
    if (!process.env[name]?.trim()) gc.note(`${name}: using the value in .env`);
  }
  await deploy(options, { gc, secretValues, staged });
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`deploy: ${(err as Error).message}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  });
}
