/**
 * `npm test [-- PATH...]`: Node's test runner over the `*.test.ts` files under the given
 * folders or files (default: all of functions, shared, emulators, deploy), one file at a
 * time, as `npm test` always ran them. npm appends extra arguments to the script, so
 * `npm test -- functions/webhook` reaches this file, not `node --test`; arguments that
 * start with `--` (e.g. `--test-name-pattern=secret`) go to the test runner.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const DEFAULT_ROOTS = ['functions', 'shared', 'emulators', 'deploy'];
const SKIP = new Set(['node_modules', 'dist']);

function collect(target: string, out: string[]): void {
  if (statSync(target).isFile()) {
    if (target.endsWith('.test.ts')) out.push(target);
    return;
  }
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith('.')) continue;
    const child = path.join(target, entry.name);
    if (entry.isDirectory()) collect(child, out);
    else if (entry.name.endsWith('.test.ts')) out.push(child);
  }
}

function main(args: string[]): void {
  const flags = args.filter((a) => a.startsWith('-'));
  const paths = args.filter((a) => !a.startsWith('-'));
  // npm runs scripts from the package root; a path is meant from where npm was typed.
  const base = process.env.INIT_CWD ?? process.cwd();
  const files: string[] = [];
  if (paths.length === 0) {
    for (const root of DEFAULT_ROOTS) if (existsSync(root)) collect(root, files);
  } else {
    for (const p of paths) {
      const abs = path.resolve(base, p);
      if (!existsSync(abs)) {
        console.error(`npm test: no such file or folder: ${p}`);
        process.exit(2);
      }
      const before = files.length;
      collect(path.relative(process.cwd(), abs) || '.', files);
      if (files.length === before) {
        console.error(`npm test: no *.test.ts under ${p}`);
        process.exit(2);
      }
    }
  }
  const unique = [...new Set(files)].sort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=1', ...flags, ...unique],
    // No stdin: the tests never read it, and CI may run without one.
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main(process.argv.slice(2));
