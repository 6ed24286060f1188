/**
 * Test support: the plans the dry runs print, and the grants in them, for the plan tests.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { ROOT } from './gcloud';

/** Runs `script --project P --region europe-west1 --dry-run ...extra`; stdout lines + stderr. */
export function dryRunPlan(
  script: string,
  project: string,
  extra: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
) {
  const args = ['--import', 'tsx', script, '--project', project, '--region', 'europe-west1'];
  const r = spawnSync(process.execPath, [...args, '--dry-run', ...extra], {
    cwd: ROOT,
    encoding: 'utf8',
    env,
  });
  assert.equal(r.status, 0, r.stderr);
  return { lines: r.stdout.split('\n').filter(Boolean), stderr: r.stderr, stdout: r.stdout };
}

/** "resource member role [if condition]" of every add- (or remove-) binding, sorted. */
export function grantsIn(lines: string[], verb: 'add' | 'remove' = 'add'): string[] {
  const target =
    / (?:projects|buckets|topics|subscriptions|secrets|service-accounts|services) [a-z-]+-iam-policy-binding (\S+)/;
  return lines
    .filter((l) => l.includes(` ${verb}-iam-policy-binding `))
    .map((l) => {
      const member = /--member=(\S+)/.exec(l)![1];
      const role = /--role=(\S+)/.exec(l)![1];
      const cond = /--condition='?expression=([^,]+)/.exec(l)?.[1];
      return `${target.exec(l)![1]} ${member} ${role}${cond ? ` if ${cond}` : ''}`;
    })
    .sort();
}
