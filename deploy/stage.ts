import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { ROOT } from './gcloud';
import { lockedVersion, pruneLock, type Lockfile } from './lockfile';

/** The three uploads: sender's code serves both `sender` and `deadLetter`. */
export type SourceName = 'webhook' | 'matting' | 'sender';
export const SOURCES: readonly SourceName[] = ['webhook', 'matting', 'sender'];

/** Where staged sources go (git-ignored), relative to the repository root. */
export const STAGE_DIR = '.deploy';

/**
 * Packages a function may load but is not given: `@tensorflow/tfjs-node` downloads
 * libtensorflow at install time and would replace the benchmarked wasm backend.
 */
const LEFT_OUT = new Set(['@tensorflow/tfjs-node']);

/** Non-JS files a function reads at run time, relative to dist/. */
const ASSETS: Partial<Record<SourceName, string[]>> = {
  matting: ['functions/matting/model', 'functions/matting/fonts'],
};

/** One staged upload, with what the report and the redeploy decision need. */
export interface StagedSource {
  source: SourceName;
  /** relative to the repository root, as passed to `--source` */
  dir: string;
  files: string[];
  bytes: number;
  dependencies: Record<string, string>;
  /** sha256 of every staged file's path and bytes: unchanged source, unchanged hash */
  hash: string;
}

const LITERAL_LOAD =
  /\b(?:require|import|require\.resolve)\(\s*(['"])([^'"]+)\1\s*\)|\b(?:require|import)\((?!\s*['"])/g;

/**
 * Follows `require`/`import()` from a compiled entry file through our own modules.
 * Returns the local files (relative to dist/) and the npm packages they load. A load
 * with a computed name cannot be followed, so it fails the staging instead of
 * silently leaving a file behind.
 */
export function traceDist(distDir: string, entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [path.join(distDir, entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    const rel = path.relative(distDir, file);
    if (files.has(rel)) continue;
    files.add(rel);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(LITERAL_LOAD)) {
      const spec = m[2];
      if (spec === undefined) {
        throw new Error(`${rel}: require/import with a computed name cannot be staged`);
      }
      if (spec.startsWith('.')) {
        queue.push(resolveLocal(path.dirname(file), spec, rel));
      } else if (!isBuiltin(spec)) {
        const parts = spec.split('/');
        packages.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
      }
    }
  }
  return { files: [...files].sort(), packages: [...packages].sort() };
}

function resolveLocal(dir: string, spec: string, from: string): string {
  const base = path.resolve(dir, spec);
  for (const f of [base, `${base}.js`, `${base}.json`, path.join(base, 'index.js')]) {
    if (existsSync(f) && statSync(f).isFile()) return f;
  }
  throw new Error(`${from}: cannot find ${spec} in dist/ (run npm run build)`);
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => {
      const rel = path.join(prefix, e.name);
      return e.isDirectory() ? listFiles(dir, rel) : e.isFile() ? [rel] : [];
    })
    .sort();
}

const GCLOUDIGNORE = `# Everything in this directory is meant to be uploaded (staged by deploy/stage.ts).
.gcloudignore
node_modules/
`;

/**
 * Writes `.deploy/<source>/`: the compiled modules the entry point reaches, the model and
 * caption fonts for matting, a package.json naming only the packages those modules load
 * (exact versions from the root lock), a lock cut from the root lock, and a .gcloudignore.
 * Cloud Build then runs `npm ci` there; no tests, dev tools or evaluation data are uploaded.
 */
export function stageSource(
  source: SourceName,
  { root = ROOT, outDir = path.join(root, STAGE_DIR) }: { root?: string; outDir?: string } = {},
): StagedSource {
  const dist = path.join(root, 'dist');
  // main.cjs: a .cjs entry spares the Functions Framework its ES-module check at cold start.
  const entry = `functions/${source}/main.cjs`;
  if (!existsSync(path.join(dist, entry))) {
    throw new Error(`dist/${entry} is missing: run npm run build`);
  }
  const traced = traceDist(dist, entry);
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as Lockfile;
  const dependencies: Record<string, string> = {};
  for (const name of traced.packages) {
    if (!LEFT_OUT.has(name)) dependencies[name] = lockedVersion(lock, name);
  }

  const out = path.join(outDir, source);
  rmSync(out, { recursive: true, force: true });
  for (const f of traced.files) {
    mkdirSync(path.dirname(path.join(out, 'dist', f)), { recursive: true });
    cpSync(path.join(dist, f), path.join(out, 'dist', f));
  }
  for (const asset of ASSETS[source] ?? []) {
    cpSync(path.join(dist, asset), path.join(out, 'dist', asset), { recursive: true });
  }
  const name = `sticker-${source}`;
  const pkg = {
    name,
    version: '0.0.0',
    private: true,
    description: `Staged by deploy/stage.ts from dist/${entry}; do not edit.`,
    main: `dist/${entry}`,
    dependencies,
  };
  writeFileSync(path.join(out, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  const pruned = pruneLock(lock, { name, version: pkg.version, deps: dependencies });
  writeFileSync(path.join(out, 'package-lock.json'), JSON.stringify(pruned, null, 2) + '\n');
  writeFileSync(path.join(out, '.gcloudignore'), GCLOUDIGNORE);

  const files = listFiles(out);
  const hash = createHash('sha256');
  let bytes = 0;
  for (const f of files) {
    const data = readFileSync(path.join(out, f));
    if (f !== '.gcloudignore') bytes += data.length; // gcloud never uploads it
    hash.update(`${f}\0${data.length}\0`).update(data);
  }
  const dir = path.relative(root, out);
  return { source, dir, files, bytes, dependencies, hash: hash.digest('hex') };
}
