/**
 * Test support: asks the installed gcloud whether it accepts a command line, without
 * credentials or network. gcloud parses its arguments before it looks for an account, so
 * in an empty config directory a well-formed command ends with "You do not currently have
 * an active account selected" (exit 1) and a malformed one with an argparse error (exit 2).
 *
 * Two ways, same parser: `checkStandalone` runs `bash -c LINE` exactly as printed (about
 * 1 s of Python start-up each); `checkBatch` loads gcloud's CLI once in its own Python and
 * calls `Execute(argv)` for every line (the code path `gcloud` runs after start-up), which
 * takes milliseconds per command.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './gcloud';

export type Verdict = 'accepted' | 'parse-error' | 'other';

export interface Outcome {
  line: string;
  verdict: Verdict;
  code: number;
  stderr: string;
}

const AUTH_ERROR = /You do not currently have an active account selected/;
const PARSE_ERROR = /^ERROR: \(gcloud[\w.-]*\) /m;

/** Exit 1 with the missing-account message: parsed. Exit 2 with an ERROR line: rejected. */
export function classify(code: number, stderr: string): Verdict {
  if (code === 1 && AUTH_ERROR.test(stderr)) return 'accepted';
  if (code === 2 && PARSE_ERROR.test(stderr)) return 'parse-error';
  return 'other';
}

/** The command gcloud says it ran, e.g. `gcloud.functions.deploy`, from its ERROR line. */
export function commandPath(stderr: string): string | undefined {
  return /^ERROR: \((gcloud[\w.-]*)\)/m.exec(stderr)?.[1];
}

export const hasGcloud = spawnSync('gcloud', ['--version'], { stdio: 'ignore' }).status === 0;
/** `unshare -n` gives the child a network namespace with no interfaces but loopback. */
export const canIsolateNetwork =
  spawnSync('unshare', ['-n', 'true'], { stdio: 'ignore' }).status === 0;

function emptyEnv(config: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: config,
    LANG: 'C.UTF-8',
    CLOUDSDK_CONFIG: config,
    CLOUDSDK_CORE_DISABLE_PROMPTS: '1',
    CLOUDSDK_CORE_CHECK_GCE_METADATA: 'false',
    CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK: '1',
  };
}

function offline(cmd: string[]): [string, string[]] {
  const full = canIsolateNetwork ? ['unshare', '-n', ...cmd] : cmd;
  return [full[0]!, full.slice(1)];
}

function run(cmd: string[], env: NodeJS.ProcessEnv, timeoutMs: number) {
  const [file, args] = offline(cmd);
  return new Promise<{ code: number; stderr: string }>((resolve, reject) => {
    const child = spawn(file, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    let stderr = '';
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stderr });
    });
  });
}

/** One printed line through `bash -c`, in its own empty config directory, offline. */
export async function checkStandalone(line: string): Promise<Outcome> {
  const config = mkdtempSync(path.join(os.tmpdir(), 'gcloud-empty-'));
  try {
    const { code, stderr } = await run(['bash', '-c', line], emptyEnv(config), 60_000);
    return { line, verdict: classify(code, stderr), code, stderr };
  } finally {
    rmSync(config, { recursive: true, force: true });
  }
}

/** Runs `check` over `lines` with at most `concurrency` at a time, keeping input order. */
export async function checkMany(
  lines: readonly string[],
  check: (line: string) => Promise<Outcome>,
  concurrency: number,
): Promise<Outcome[]> {
  const out: Outcome[] = new Array<Outcome>(lines.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < lines.length; i = next++) out[i] = await check(lines[i]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

// Loads gcloud the way lib/gcloud.py does, then executes each stdin line with fds 1 and 2
// sent to a scratch file, catching the SystemExit gcloud ends every command with.
const BATCH_PY = `
import json, os, shlex, sys, tempfile
lib = os.path.join(sys.argv[1], 'lib')
sys.path.insert(0, lib)
import gcloud
gcloud._fix_google_module()
cli = gcloud._import_gcloud_main().CreateCLI([])
saved = [os.dup(1), os.dup(2)]
results = []
for line in sys.stdin.read().splitlines():
    argv = shlex.split(line)
    assert argv[0] == 'gcloud', line
    with tempfile.TemporaryFile() as f:
        sys.stdout.flush(); sys.stderr.flush()
        os.dup2(f.fileno(), 1); os.dup2(f.fileno(), 2)
        code = 0
        try:
            cli.Execute(argv[1:])
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
        except BaseException as e:
            code = 99
            print(repr(e), file=sys.stderr)
        sys.stdout.flush(); sys.stderr.flush()
        os.dup2(saved[0], 1); os.dup2(saved[1], 2)
        f.seek(0)
        results.append({'code': code, 'stderr': f.read().decode('utf-8', 'replace')})
with open(sys.argv[2], 'w') as out:
    json.dump(results, out)
`;

/** Every line through one gcloud CLI instance, in one empty config directory, offline. */
export function checkBatch(lines: readonly string[]): Outcome[] {
  const info = spawnSync('gcloud', ['info', '--format=json'], { encoding: 'utf8' });
  const { basic, installation } = JSON.parse(info.stdout) as {
    basic: { python_location: string };
    installation: { sdk_root: string };
  };
  const config = mkdtempSync(path.join(os.tmpdir(), 'gcloud-empty-'));
  const results = path.join(config, '..', `${path.basename(config)}.json`);
  try {
    const cmd = [basic.python_location, '-c', BATCH_PY, installation.sdk_root, results];
    const [file, args] = offline(cmd);
    const r = spawnSync(file, args, {
      cwd: ROOT,
      env: emptyEnv(config),
      input: lines.join('\n'),
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (r.status !== 0) throw new Error(`gcloud batch check failed: ${r.stderr}`);
    const raw = JSON.parse(readFileSync(results, 'utf8')) as { code: number; stderr: string }[];
    return raw.map((o, i) => ({ line: lines[i]!, verdict: classify(o.code, o.stderr), ...o }));
  } finally {
    rmSync(config, { recursive: true, force: true });
    rmSync(results, { force: true });
  }
}
