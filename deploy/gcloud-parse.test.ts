/**
 * Every `gcloud` command deploy and teardown can run is accepted by the argument parser of
 * the gcloud installed here (see parse-check.ts for how a parse error is told apart from
 * the expected authentication error). The lines come from the dry runs as printed, plus
 * the branches a dry run does not take (bucket update, role undelete, secret rotation,
 * drift repair), recorded from runs against the fake project.
 */
import assert from 'node:assert/strict';
import os from 'node:os';
import { before, describe, it } from 'node:test';
import { deploy } from './deploy';
import { createFakeCloud } from './fake-cloud';
import { createGcloud, formatCommand } from './gcloud';
import { parseOptions } from './options';
import { dryRunPlan } from './plan-lines';
import {
  canIsolateNetwork,
  checkBatch,
  checkMany,
  checkStandalone,
  commandPath,
  hasGcloud,
  type Outcome,
} from './parse-check';
import type { SourceName, StagedSource } from './stage';
import { teardown } from './teardown';

const SCOPE = ['--project', 'parse-check-123', '--region', 'europe-west1'];
const CONCURRENCY = Math.max(1, Math.min(3, os.availableParallelism()));

const dryRun = (script: string, extra: string[] = []) =>
  dryRunPlan(script, 'parse-check-123', extra).lines;

/** Commands only a real run reaches: existing, drifted, rotated and deleted resources. */
async function branchCommands(): Promise<string[]> {
  const cloud = createFakeCloud('parse-check-123');
  const gc = createGcloud({
    dryRun: false,
    exec: cloud.exec,
    err: () => {},
    sleep: async () => {},
  });
  const fetchOk = (async () => new Response('{"ok":true,"result":true}')) as typeof fetch;
  const staged = Object.fromEntries(
    (['webhook', 'matting', 'sender'] as const).map((s) => [s, { source: s, hash: 'h' }]),
  ) as Record<SourceName, StagedSource>;
  const up = (argv: string[], token: string) =>
    deploy(parseOptions([...SCOPE, ...argv]), {
      gc,
      secretValues: { TELEGRAM_BOT_TOKEN: token },
      staged,
      fetch: fetchOk,
      print: () => {},
    });
  const down = (argv: string[]) =>
    teardown(parseOptions([...SCOPE, ...argv], 'teardown'), { gc, fetch: fetchOk });
  await up([], '1:a');
  const s = cloud.state;
  for (const b of s.buckets.values()) b.raw.lifecycle = {};
  for (const r of s.roles.values()) r.includedPermissions = [];
  for (const d of s.databases.values()) d.ttl.set('fairUse/expireAt', 'NEEDS_REPAIR');
  await up(['--rotate-secrets'], '1:b');
  await down([]);
  await up([], '1:b');
  await down(['--delete-data']);
  await up(['--firestore-database=bot-state', '--fair-use-photos-per-minute=0'], '1:b');
  await down(['--firestore-database=bot-state', '--delete-data']);
  return cloud.log.map(formatCommand);
}

const show = (o: Outcome) => `${o.line}\n  -> exit ${o.code}: ${o.stderr.trim().split('\n')[0]}`;

describe('the installed gcloud parses every command', { skip: !hasGcloud && 'no gcloud' }, () => {
  let lines: string[];
  let batch: Outcome[];
  before(async () => {
    lines = [
      ...new Set([
        ...dryRun('deploy/deploy.ts'),
        ...dryRun('deploy/deploy.ts', [
          ...['--prefix', 'bot-2', '--max-delivery-attempts', '100'],
          ...['--firestore-database', 'bot-2-state', '--fair-use-photos-per-minute', '1000'],
        ]),
        ...dryRun('deploy/teardown.ts'),
        ...dryRun('deploy/teardown.ts', ['--delete-data']),
        ...dryRun('deploy/teardown.ts', ['--delete-data', '--firestore-database', 'bot-2-state']),
        ...(await branchCommands()),
      ]),
    ];
    const started = Date.now();
    batch = checkBatch(lines);
    const s = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(`# batch: ${lines.length} commands parsed in ${s} s\n`);
  });

  it('every line starts with "gcloud " and is accepted (one CLI instance)', () => {
    assert.ok(lines.length > 100, `only ${lines.length} commands`);
    // The Firestore commands, both database forms, every branch (create, TTL, deletes).
    for (const re of [
      /^gcloud firestore databases describe '--database=\(default\)' .*--format=json$/,
      /^gcloud firestore databases create --database=bot-2-state --location=europe-west1 /,
      /^gcloud firestore fields ttls list --collection-group=fairUse --database=bot-state /,
      /^gcloud firestore fields ttls update expireAt .*'--database=\(default\)' --enable-ttl --async /,
      /^gcloud firestore bulk-delete --collection-ids=chats,users,packStickers,fairUse /,
      /^gcloud firestore databases delete --database=bot-state /,
      /^gcloud firestore databases delete --database=bot-2-state /,
      /^gcloud projects add-iam-policy-binding .*--role=roles\/datastore\.user '--condition=expression=resource\.name=="projects\/parse-check-123\/databases\/\(default\)",title=bot-database-only'$/,
      /^gcloud projects remove-iam-policy-binding .*--role=roles\/datastore\.user .*databases\/bot-state"/,
    ]) {
      assert.ok(
        lines.some((l) => re.test(l)),
        `${re} not among the checked lines`,
      );
    }
    for (const l of lines) assert.match(l, /^gcloud /);
    assert.deepEqual(batch.filter((o) => o.verdict !== 'accepted').map(show), []);
  });

  it('the longest line of each command group, run as printed in its own process: accepted', async () => {
    // The batch runs gcloud's own CLI object; this cross-checks it against real processes
    // (fresh empty config each) on a sample: per command group, the line with most flags.
    const longest = new Map<string, string>();
    for (const o of batch) {
      const group = commandPath(o.stderr)?.split('.').slice(0, -1).join('.');
      const kept = group === undefined ? undefined : longest.get(group);
      if (group && (!kept || o.line.length > kept.length)) longest.set(group, o.line);
    }
    assert.ok(longest.size >= 10, `${longest.size} command groups`);
    const started = Date.now();
    const outcomes = await checkMany([...longest.values()], checkStandalone, CONCURRENCY);
    const s = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(
      `# standalone: ${outcomes.length} commands in ${s} s (concurrency ${CONCURRENCY}, ` +
        `network ${canIsolateNetwork ? 'isolated with unshare -n' : 'not isolated'})\n`,
    );
    assert.deepEqual(outcomes.filter((o) => o.verdict !== 'accepted').map(show), []);
  });

  it('detects a bad flag or value, both ways (the check is not vacuous)', async () => {
    const deployLine = lines.find((l) => l.startsWith('gcloud functions deploy'))!;
    const updateLine = lines.find((l) => l.includes('subscriptions update'))!;
    const injected = [
      `${deployLine} --no-such-flag`,
      deployLine.replace(/:1( |,)/, ':one$1'),
      deployLine.replace('--memory=256Mi', '--cpu=1'),
      deployLine.replace('--ingress-settings=internal-only', '--ingress-settings=private'),
      deployLine.replace('gcloud functions deploy', 'gcloud functions deploy-it'),
      updateLine.replace(/--max-delivery-attempts=\d+/, '--max-delivery-attempts=500'),
    ];
    assert.equal(new Set([deployLine, ...injected]).size, injected.length + 1);
    const viaBatch = checkBatch([deployLine, ...injected]);
    const sample = [deployLine, ...injected.slice(0, 2), injected[5]!];
    const viaProcess = await checkMany(sample, checkStandalone, CONCURRENCY);
    for (const outcomes of [viaBatch, viaProcess]) {
      assert.equal(outcomes[0]!.verdict, 'accepted', show(outcomes[0]!));
      for (const o of outcomes.slice(1)) assert.equal(o.verdict, 'parse-error', show(o));
    }
  });
});
