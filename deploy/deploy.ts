import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { deployArgs, functionSpecs, type FunctionSpec } from './function-specs';
import { createGcloud, parseJson, ROOT, type Gcloud } from './gcloud';
import { applyBindings, baseBindings, deployedBindings, pubsubAgent, type Scope } from './iam';
import { parseOptions, resourceNames, UsageError, type DeployOptions } from './options';
import {
  ensureApis,
  ensureBucket,
  ensureDeadLetterPolicy,
  ensureFirestoreDatabase,
  ensureServiceAccount,
  ensureTtlPolicy,
  ensureTopic,
  ensureUploadsConsumerRole,
  FIRESTORE,
} from './resources';
import { ensureSecret, readSecret, secretInputs, secretSpecs } from './secrets';
import { SOURCES, stageSource, type SourceName, type StagedSource } from './stage';
import { getWebhookInfo, setCommands, setWebhook, ALLOWED_UPDATES } from './telegram-webhook';

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
export async function deploy(o: DeployOptions, deps: DeployDeps): Promise<void> {
  const { gc } = deps;
  const n = resourceNames(o);
  const s: Scope = { project: o.project, region: o.region };
  const p = `--project=${o.project}`;
  if (gc.dryRun) {
    gc.note('dry run: nothing is called; every read answers "does not exist", so this is');
    gc.note('the full sequence for an empty project (a real run skips what already exists).');
  }

  await ensureApis(gc, s);
  const projectNumber = (
    await gc.run(['projects', 'describe', o.project, '--format=value(projectNumber)'], {
      dry: 'PROJECT_NUMBER',
    })
  ).trim();
  const agents = {
    pubsub: pubsubAgent(projectNumber),
    storage: (
      await gc.run(['storage', 'service-agent', p], {
        dry: 'service-PROJECT_NUMBER@gs-project-accounts.iam.gserviceaccount.com',
      })
    ).trim(),
  };

  await ensureBucket(gc, s, n.buckets.uploads, 'deploy/lifecycle-uploads.json');
  // Stickers expire after 7 days. Packs do not depend on them: "Add to my pack" passes
  // Telegram the file_id of the sticker message it sent (functions/webhook/packs.ts), and
  // Telegram keeps its own copy of every sticker in a set.
  await ensureBucket(gc, s, n.buckets.stickers, 'deploy/lifecycle-stickers.json');
  await ensureFirestoreDatabase(gc, s, n.database);
  await ensureTtlPolicy(gc, s, n.database, FIRESTORE.ttl[0], FIRESTORE.ttl[1]);
  await ensureTopic(gc, s, n.topics.replies);
  await ensureTopic(gc, s, n.topics.deadLetter);
  const a = n.accounts;
  for (const [email, what] of [
    [a.webhook, 'Runs the webhook function'],
    [a.matting, 'Runs the matting function'],
    [a.sender, 'Runs the sender function'],
    [a.deadLetter, 'Runs the dead-letter function'],
    [a.trigger, 'Eventarc delivers events to the functions as this account'],
    [a.build, 'Cloud Build builds the functions as this account'],
  ] as const) {
    await ensureServiceAccount(gc, s, email, what);
  }
  await ensureUploadsConsumerRole(gc, s, n.uploadsConsumerRole);

  const versions: Record<string, string> = {};
  for (const spec of secretSpecs(n.secrets)) {
    const given = deps.secretValues[spec.env];
    versions[spec.name] = await ensureSecret(gc, o.project, spec, given, o.rotateSecrets);
  }
  await applyBindings(gc, s, baseBindings(n, s, agents));

  const deployed: Record<string, FunctionJson> = {};
  for (const f of functionSpecs(o, n)) {
    deployed[f.name] = await deployFunction(gc, o, f, versions, deps.staged?.[f.source]);
  }

  const events = [n.functions.deadLetter, n.functions.sender, n.functions.matting];
  const services = events.map((name) => lastSegment(deployed[name]?.serviceConfig?.service, name));
  const subscriptions: string[] = [];
  for (const name of [n.functions.matting, n.functions.sender]) {
    const trigger = deployed[name]?.eventTrigger?.trigger;
    if (!trigger) throw new Error(`${name} has no Eventarc trigger`);
    const sub = (
      await gc.run(
        ['eventarc', 'triggers', 'describe', trigger, `--location=${o.region}`, p].concat(
          '--format=value(transport.pubsub.subscription)',
        ),
        { dry: `projects/${o.project}/subscriptions/SUBSCRIPTION_OF_${name}` },
      )
    ).trim();
    await ensureDeadLetterPolicy(gc, s, sub, n.topics.deadLetter, o.maxDeliveryAttempts);
    subscriptions.push(sub);
  }
  await applyBindings(gc, s, deployedBindings(n, agents, services, subscriptions));

  const webhook = deployed[n.functions.webhook];
  const url = webhook?.url ?? webhook?.serviceConfig?.uri;
  if (!url) throw new Error(`${n.functions.webhook} has no URL`);
  const token = await readSecret(gc, o.project, n.secrets.botToken, versions[n.secrets.botToken]!);
  const secretToken = await readSecret(
    gc,
    o.project,
    n.secrets.webhookSecret,
    versions[n.secrets.webhookSecret]!,
  );
  const settings = { url, secretToken, maxConnections: o.webhookMaxInstances };
  if (gc.dryRun) {
    gc.note(
      `would call setWebhook url=${url} secret_token=<${n.secrets.webhookSecret}> ` +
        `allowed_updates=${JSON.stringify(ALLOWED_UPDATES)} max_connections=${settings.maxConnections}`,
    );
    gc.note('would call setMyCommands (default list + one per catalogue language)');
    gc.note('would call getWebhookInfo and print it');
    return;
  }
  await setWebhook(o.telegramApiRoot, token, settings, deps.fetch);
  await setCommands(o.telegramApiRoot, token, deps.fetch);
  const info = await getWebhookInfo(o.telegramApiRoot, token, deps.fetch);
  (deps.print ?? console.log)(JSON.stringify({ getWebhookInfo: info }, null, 2));
}

/** Deploys one function unless the deployed one carries the same digest and is ACTIVE. */
async function deployFunction(
  gc: Gcloud,
  o: DeployOptions,
  f: FunctionSpec,
  secretVersions: Record<string, string>,
  staged: StagedSource | undefined,
): Promise<FunctionJson> {
  const describe = ['functions', 'describe', f.name, '--gen2', `--region=${o.region}`];
  describe.push(`--project=${o.project}`, '--format=json');
  const current = parseJson<FunctionJson>(await gc.read(describe));
  const n = resourceNames(o);
  const context = {
    project: o.project,
    region: o.region,
    triggerAccount: n.accounts.trigger,
    buildAccount: n.accounts.build,
    secretVersions,
  };
  const args = deployArgs(f, context);
  if (!staged && !gc.dryRun) throw new Error(`${f.source} was not staged`);
  const digest = staged
    ? createHash('sha256').update(staged.hash).update(JSON.stringify(args)).digest('hex')
    : 'dry-run';
  const label = digest.slice(0, 32);
  if (!o.force && current.state === 'ACTIVE' && current.labels?.[HASH_LABEL] === label) {
    gc.note(`${f.name}: source and settings unchanged, not redeployed`);
    return current;
  }
  await gc.run(deployArgs(f, context, `${HASH_LABEL}=${label}`));
  const placeholder: FunctionJson = {
    url: `https://FUNCTION_URL_OF_${f.name}`,
    eventTrigger:
      f.trigger.kind === 'http'
        ? undefined
        : { trigger: `projects/${o.project}/locations/${o.region}/triggers/TRIGGER_OF_${f.name}` },
    serviceConfig: { service: `projects/${o.project}/locations/${o.region}/services/${f.name}` },
  };
  return parseJson<FunctionJson>(await gc.run(describe, { dry: JSON.stringify(placeholder) }));
}

function lastSegment(resource: string | undefined, fallback: string): string {
  return resource?.split('/').pop() || fallback;
}

/** Builds dist/ (unless told not to) and stages the three uploads, reporting their sizes. */
export function stageAll(o: DeployOptions, gc: Gcloud): Record<SourceName, StagedSource> {
  if (!o.skipBuild) {
    const r = spawnSync('npm', ['run', 'build', '--silent'], {
      cwd: ROOT,
      stdio: ['ignore', 2, 2],
    });
    if (r.status !== 0) throw new Error('npm run build failed');
  }
  const staged = {} as Record<SourceName, StagedSource>;
  for (const source of SOURCES) {
    const st = stageSource(source);
    staged[source] = st;
    const kib = (st.bytes / 1024).toFixed(0);
    gc.note(
      `staged ${st.dir}: ${st.files.length} files, ${kib} KiB upload, ` +
        `deps: ${Object.keys(st.dependencies).join(' ')}`,
    );
  }
  return staged;
}

async function main(argv: string[]): Promise<void> {
  const o = parseOptions(argv, 'deploy');
  const gc = createGcloud({ dryRun: o.dryRun });
  const staged = o.dryRun ? undefined : stageAll(o, gc);
  const secretValues = secretInputs(ROOT);
  for (const k of Object.keys(secretValues)) {
    if (!process.env[k]?.trim()) gc.note(`${k}: using the value in .env`);
  }
  await deploy(o, { gc, secretValues, staged });
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`deploy: ${(err as Error).message}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  });
}
