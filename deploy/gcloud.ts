import { spawn } from 'node:child_process';
import path from 'node:path';

/** Repository root: the working directory of every `gcloud` call (relative paths below it). */
export const ROOT = path.resolve(__dirname, '..');

/** Exit status and output of one `gcloud` process. */
export interface GcloudResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `gcloud` with these arguments; swapped for a fake in tests. */
export type Exec = (args: readonly string[], stdin?: string) => Promise<GcloudResult>;

/**
 * The only door to `gcloud`. Deploy and teardown are written once against it; the dry run
 * prints instead of executing and answers every read with "does not exist" (or a clearly
 * named placeholder), so the plan it prints is the full sequence for an empty project.
 */
export interface Gcloud {
  readonly dryRun: boolean;
  /** A command that must succeed; resolves with its stdout. */
  run(args: readonly string[], opts?: RunOptions): Promise<string>;
  /**
   * A read whose target may be missing: stdout, or undefined when gcloud says NOT_FOUND.
   * In a dry run: `dry` (a placeholder) or undefined.
   */
  read(args: readonly string[], opts?: { dry?: string }): Promise<string | undefined>;
  /** Progress for humans, on stderr (stdout is kept for the plan). */
  note(message: string): void;
}

export interface RunOptions {
  /** fed to gcloud on stdin (secret values, never on the command line) */
  stdin?: string;
  /** what a dry run pretends the command printed */
  dry?: string;
  /** retry while stderr matches (IAM is eventually consistent: a new account may be "missing") */
  retryWhile?: RegExp;
}

/** Error from a failed `gcloud` call; the message carries gcloud's own, never stdin. */
export class GcloudError extends Error {
  override readonly name = 'GcloudError';
}

const NOT_FOUND = /NOT_FOUND|not found|does not exist|\b404\b|Unknown service account/i;
const SAFE_WORD = /^[A-Za-z0-9_\-.,:/=@%+]+$/;

/** Quotes one argument for a POSIX shell, only when it needs it, so plans stay readable. */
export function shellQuote(arg: string): string {
  return SAFE_WORD.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The line a human would type: `gcloud` + quoted arguments. */
export function formatCommand(args: readonly string[]): string {
  return ['gcloud', ...args.map(shellQuote)].join(' ');
}

/** Spawns the installed `gcloud` from the repository root, prompts disabled. */
export const spawnGcloud: Exec = (args, stdin) =>
  new Promise((resolve, reject) => {
    const child = spawn('gcloud', [...args], {
      cwd: ROOT,
      env: { ...process.env, CLOUDSDK_CORE_DISABLE_PROMPTS: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });

/** How to build a runner: dry or real, and where its output goes (injectable for tests). */
export interface GcloudDeps {
  dryRun: boolean;
  exec?: Exec;
  /** where the dry-run plan goes (stdout) */
  out?: (line: string) => void;
  /** progress and notes (stderr) */
  err?: (line: string) => void;
  /** waits between retries; tests pass a no-op */
  sleep?: (ms: number) => Promise<void>;
}

/** Builds the runner: real (`exec`) or dry (print only). */
export function createGcloud(deps: GcloudDeps): Gcloud {
  const out = deps.out ?? ((l: string) => process.stdout.write(l + '\n'));
  const err = deps.err ?? ((l: string) => process.stderr.write(l + '\n'));
  const exec = deps.exec ?? spawnGcloud;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  const call = async (args: readonly string[], stdin?: string): Promise<GcloudResult> => {
    err(`+ ${formatCommand(args)}`);
    return exec(args, stdin);
  };

  if (deps.dryRun) {
    return {
      dryRun: true,
      run: (args, opts) => {
        out(formatCommand(args));
        return Promise.resolve(opts?.dry ?? '');
      },
      read: (args, opts) => {
        out(formatCommand(args));
        return Promise.resolve(opts?.dry);
      },
      note: (m) => err(`# ${m}`),
    };
  }

  return {
    dryRun: false,
    async run(args, opts) {
      for (let attempt = 1; ; attempt++) {
        const r = await call(args, opts?.stdin);
        if (r.code === 0) return r.stdout;
        if (opts?.retryWhile?.test(r.stderr) && attempt < 6) {
          err(`# not yet (IAM propagation?), retrying in ${5 * attempt} s`);
          await sleep(5000 * attempt);
          continue;
        }
        throw new GcloudError(`${formatCommand(args)} failed (${r.code}): ${r.stderr.trim()}`);
      }
    },
    async read(args) {
      const r = await call(args);
      if (r.code === 0) return r.stdout;
      if (NOT_FOUND.test(r.stderr)) return undefined;
      throw new GcloudError(`${formatCommand(args)} failed (${r.code}): ${r.stderr.trim()}`);
    },
    note: (m) => err(`# ${m}`),
  };
}

/** Parses gcloud's `--format=json` output; an empty answer (dry run) is `{}`. */
export function parseJson<T>(text: string | undefined): Partial<T> {
  if (text === undefined || text.trim() === '') return {};
  return JSON.parse(text) as Partial<T>;
}
