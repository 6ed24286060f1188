/**
 * What each function uploads: only the compiled modules its entry point reaches (plus the
 * model for matting), a package.json with exactly the packages it loads, and a lock cut
 * from the root lock that npm accepts. The staged directory is then given a node_modules
 * built from that lock alone (hard links into the root node_modules, nothing else
 * reachable) and each function is loaded there, as Cloud Build's `npm ci` would leave it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT } from './gcloud';
import { pruneLock, type Lockfile } from './lockfile';
import { SOURCES, stageSource, type SourceName, type StagedSource } from './stage';

describe('pruneLock', () => {
  const lock: Lockfile = {
    lockfileVersion: 3,
    packages: {
      '': { name: 'root', dependencies: { a: '^1', dev: '^1' } },
      'node_modules/a': {
        version: '1.0.0',
        dependencies: { b: '^1' },
        optionalDependencies: { bin: '1' },
      },
      'node_modules/a/node_modules/b': { version: '1.1.0', dev: true },
      'node_modules/b': { version: '2.0.0' },
      'node_modules/bin': { version: '1.0.0', optional: true, os: ['darwin'] },
      'node_modules/dev': { version: '1.0.0', dev: true },
    },
  };

  it('keeps what the dependencies reach, resolving nested copies first, and recomputes flags', () => {
    const p = pruneLock(lock, { name: 'fn', version: '0.0.0', deps: { a: '1.0.0' } });
    assert.deepEqual(Object.keys(p.packages), [
      '',
      'node_modules/a',
      'node_modules/a/node_modules/b',
      'node_modules/bin',
    ]);
    assert.equal(p.packages['node_modules/a/node_modules/b']?.dev, undefined);
    assert.equal(p.packages['node_modules/bin']?.optional, true);
    assert.deepEqual(p.packages['']?.dependencies, { a: '1.0.0' });
  });

  it('fails on a dependency the lock does not have', () => {
    assert.throws(() => pruneLock(lock, { name: 'fn', version: '0', deps: { zzz: '1' } }), /zzz/);
  });
});

const built = existsSync(path.join(ROOT, 'dist/functions/sender/index.js'));

describe('staged sources', { skip: !built && 'dist/ not built (npm run build)' }, () => {
  let tmp: string;
  const staged = {} as Record<SourceName, StagedSource>;
  before(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'stage-test-'));
    for (const s of SOURCES) staged[s] = stageSource(s, { outDir: tmp });
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('uploads compiled modules only: no tests, maps, emulators or other functions', () => {
    for (const s of SOURCES) {
      const code = staged[s].files.filter((f) => f.startsWith('dist/'));
      assert.ok(code.includes(`dist/functions/${s}/main.cjs`), s);
      for (const f of code) {
        assert.doesNotMatch(f, /\.test\.js$|\.map$|^dist\/emulators\//, `${s}: ${f}`);
        assert.match(f, new RegExp(`^dist/(shared/|functions/${s}/)`), `${s}: ${f}`);
      }
    }
    const model = staged.matting.files.filter((f) => f.includes('/model/'));
    assert.ok(
      model.some((f) => f.endsWith('selfie.json')) && model.some((f) => f.endsWith('.bin')),
    );
    assert.ok(!staged.webhook.files.some((f) => f.includes('/model/')));
    const fonts = staged.matting.files.filter((f) => f.includes('/fonts/'));
    assert.ok(fonts.some((f) => f.endsWith('.ttf')) && fonts.some((f) => f.endsWith('NOTICE')));
  });

  it('declares exactly the packages the code loads, at the root lock versions', () => {
    const rootLock = JSON.parse(
      readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'),
    ) as Lockfile;
    const light = ['@google-cloud/functions-framework', '@google-cloud/storage', 'telegraf', 'zod'];
    // Only the webhook keeps bot state (settings, packs, fair use) in Firestore; it loads
    // sharp only when a pack's icon is set from a sticker (shrunk to 100x100).
    assert.deepEqual(Object.keys(staged.webhook.dependencies), [
      '@google-cloud/firestore',
      ...light.slice(0, 2),
      'sharp',
      ...light.slice(2),
    ]);
    assert.deepEqual(Object.keys(staged.sender.dependencies), light);
    const heavy = Object.keys(staged.matting.dependencies);
    // FFmpeg for moving stickers ships as a binary inside an npm package: matting gets it
    const packages = ['sharp', '@tensorflow/tfjs-backend-wasm', '@google-cloud/pubsub'];
    for (const p of [...packages, '@ffmpeg-installer/linux-x64']) {
      assert.ok(heavy.includes(p), p);
    }
    assert.ok(!heavy.includes('telegraf') && !heavy.includes('@tensorflow/tfjs-node'));
    for (const s of SOURCES) {
      for (const [name, version] of Object.entries(staged[s].dependencies)) {
        assert.equal(version, rootLock.packages[`node_modules/${name}`]?.version, name);
      }
    }
  });

  it('writes a lock npm accepts for that package.json (npm ls --package-lock-only)', () => {
    for (const s of SOURCES) {
      const r = spawnSync('npm', ['ls', '--all', '--package-lock-only', '--offline'], {
        cwd: path.join(tmp, s),
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, `${s}: ${r.stdout}${r.stderr}`);
    }
  });

  it('runs from the staged directory with only the locked packages installed', () => {
    const env = {
      PATH: process.env.PATH,
      TELEGRAM_BOT_TOKEN: '123456:stage-test-token',
      TELEGRAM_WEBHOOK_SECRET: 'stage_test',
      UPLOADS_BUCKET: 'stage-test-uploads',
      STICKERS_BUCKET: 'stage-test-stickers',
      GOOGLE_CLOUD_PROJECT: 'stage-test',
      TFJS_BACKEND: 'wasm',
    };
    for (const s of SOURCES) {
      const dir = path.join(tmp, s);
      installFromLock(dir);
      const r = spawnSync(process.execPath, [`dist/functions/${s}/main.cjs`], {
        cwd: dir,
        env,
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(r.status, 0, `${s}: ${r.stderr}`);
      // The handler and its clients load after the settings check (shared/deferred.ts).
      assert.match(r.stdout, /"message":"handler ready"/, `${s}: ${r.stdout}${r.stderr}`);
      if (s === 'matting') assert.match(r.stdout, /model loaded.*"backend":"wasm"/);
    }
  });
});

/** node_modules as `npm ci` would lay it out from the staged lock, hard-linked from the root. */
function installFromLock(dir: string): void {
  const lock = JSON.parse(readFileSync(path.join(dir, 'package-lock.json'), 'utf8')) as Lockfile;
  for (const [loc, entry] of Object.entries(lock.packages)) {
    if (loc === '') continue;
    const from = path.join(ROOT, loc);
    if (!existsSync(from)) {
      assert.ok(entry.optional, `${loc} is required but not installed in the repository`);
      continue;
    }
    linkTree(from, path.join(dir, loc), true);
  }
}

function linkTree(from: string, to: string, top: boolean): void {
  mkdirSync(to, { recursive: true });
  for (const e of readdirSync(from, { withFileTypes: true })) {
    if (top && e.name === 'node_modules') continue; // nested packages come from their own entries
    const src = path.join(from, e.name);
    if (e.isDirectory()) linkTree(src, path.join(to, e.name), false);
    else if (e.isFile()) linkSync(src, path.join(to, e.name));
  }
}
