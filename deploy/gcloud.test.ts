import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createGcloud, formatCommand, GcloudError, spawnGcloud, type Exec } from './gcloud';

describe('formatCommand', () => {
  it('quotes for a POSIX shell only where needed, and bash reads back the same argv', () => {
    const args = ['x', '--format=value(name)', "it's", '--condition=expression=a("b"),title=t'];
    const line = formatCommand(args);
    assert.equal(
      line,
      `gcloud x '--format=value(name)' 'it'\\''s' '--condition=expression=a("b"),title=t'`,
    );
    const r = spawnSync('bash', ['-c', `gcloud() { printf '%s\\n' "$@"; }; ${line}`], {
      encoding: 'utf8',
    });
    assert.deepEqual(r.stdout.trimEnd().split('\n'), args);
  });
});

describe('spawnGcloud', () => {
  it('passes arguments without a shell and secrets on stdin only', async () => {
    const bin = mkdtempSync(path.join(os.tmpdir(), 'fake-gcloud-'));
    const savedPath = process.env.PATH;
    try {
      writeFileSync(path.join(bin, 'gcloud'), '#!/bin/sh\nprintf "%s|" "$@"\ncat >&2\nexit 3\n');
      chmodSync(path.join(bin, 'gcloud'), 0o755);
      process.env.PATH = `${bin}:${savedPath}`;
      const r = await spawnGcloud(['a b', '$(x)', '--data-file=-'], 'the-secret');
      assert.deepEqual(r, { code: 3, stdout: 'a b|$(x)|--data-file=-|', stderr: 'the-secret' });
    } finally {
      process.env.PATH = savedPath;
      rmSync(bin, { recursive: true, force: true });
    }
  });
});

describe('createGcloud (real mode)', () => {
  const scripted = (answers: { code: number; stderr: string }[]): Exec => {
    let i = 0;
    return () => Promise.resolve({ stdout: 'out', ...answers[Math.min(i++, answers.length - 1)]! });
  };
  const make = (exec: Exec, err: string[] = []) =>
    createGcloud({ dryRun: false, exec, err: (l) => err.push(l), sleep: () => Promise.resolve() });

  it('reads NOT_FOUND as "missing" and any other failure as an error', async () => {
    const missing = scripted([
      { code: 1, stderr: 'ERROR: (gcloud.x) NOT_FOUND: Resource not found' },
    ]);
    assert.equal(await make(missing).read(['x']), undefined);
    const denied = scripted([{ code: 1, stderr: 'ERROR: (gcloud.x) PERMISSION_DENIED' }]);
    await assert.rejects(make(denied).read(['x']), GcloudError);
  });

  it('retries while the error says so, then gives up with the message gcloud printed', async () => {
    const flaky = scripted([
      { code: 1, stderr: 'Service account x does not exist.' },
      { code: 0, stderr: '' },
    ]);
    assert.equal(await make(flaky).run(['x'], { retryWhile: /does not exist/ }), 'out');
    const broken = scripted([{ code: 1, stderr: 'Service account x does not exist.' }]);
    await assert.rejects(
      make(broken).run(['x'], { retryWhile: /does not exist/ }),
      /does not exist/,
    );
  });

  it('logs each command to stderr, never stdin', async () => {
    const err: string[] = [];
    await make(scripted([{ code: 0, stderr: '' }]), err).run(['secrets', 'create', 's'], {
      stdin: 'the-secret',
    });
    assert.deepEqual(err, ['+ gcloud secrets create s']);
  });
});
