/**
 * Runs the README's "Working on one function" section as written: `npm run emulators`,
 * then each function alone with its `npm run fn:<name>`, and every `curl` and
 * `npm run emit` line of its subsection through `sh -c`, checking that each does what
 * the section says. The section is read from functions/README.md. Settings come
 * from .env.example alone (ENV_FILE), so a developer's .env cannot change the outcome.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PubSub, type Subscription } from '@google-cloud/pubsub';
import type { Storage } from '@google-cloud/storage';
import { decodeReply, type ReplyMessage } from '../../shared/reply-message';
import { decodeUploadMetadata } from '../../shared/upload-object';
import { ROOT } from '../stack/functions';
import { freePort } from '../stack/ports';
import { DEFAULT_PORTS, PORT_VARS, type LocalPorts } from '../stack/local-env';
import { storageAs } from '../stack/identities';

// The test's own Storage and Pub/Sub clients run off Google Cloud too.
process.env.METADATA_SERVER_DETECTION ??= 'none';

const HEADING = '## Working on one function';
const CHAT = 4242;
const UPLOADS = 'sticker-uploads-local';
const STICKERS = 'sticker-stickers-local';
const PROJECT = 'local-project';
function readSection(): string {
  const lines = readFileSync(path.join(ROOT, 'functions', 'README.md'), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trim() === HEADING);
  if (start < 0) throw new Error(`no "${HEADING}" section in functions/README.md`);
  const end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

/** The commands of each ```sh block, by the `###` heading they are under. */
function commandsByHeading(section: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let heading = '';
  let inBlock = false;
  let pending = '';
  for (const line of section.split('\n')) {
    if (!inBlock && line.startsWith('### ')) heading = line.slice(4).trim();
    if (line.trim() === '```sh') inBlock = true;
    else if (inBlock && line.trim() === '```') inBlock = false;
    else if (inBlock && line.trim() && !line.trim().startsWith('#')) {
      pending += line.trimEnd();
      if (pending.endsWith('\\')) pending = pending.slice(0, -1);
      else {
        out.set(heading, [...(out.get(heading) ?? []), pending.trim()]);
        pending = '';
      }
    }
  }
  return out;
}

/** Settings named in .env.example: kept out of the children's environment, so defaults rule. */
const SETTINGS = [
  ...readFileSync(path.join(ROOT, '.env.example'), 'utf8').matchAll(/^# ?([A-Z][A-Z0-9_]+)=/gm),
].map((m) => m[1]!);

interface Proc {
  child: ChildProcess;
  lines: string[];
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

/** Runs a command line in its own process group, so stopping it stops all it started. */
function start(command: string, env: NodeJS.ProcessEnv): Proc {
  const child = spawn('sh', ['-c', command], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let closed = false;
  const closedP = new Promise<void>((resolve) => child.on('close', () => resolve()));
  void closedP.then(() => {
    if (buf) lines.push(buf);
    closed = true;
    for (const l of listeners) l();
  });
  let buf = '';
  const onData = (b: Buffer) => {
    buf += b.toString();
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    lines.push(...parts);
    if (process.env.WORKFLOW_TEST_LOG) for (const p of parts) console.log(`[${command}] ${p}`);
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const signal = (s: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, s);
    } catch {
      /* already gone */
    }
  };
  return {
    child,
    lines,
    waitFor(re, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (const l of lines) {
            const m = re.exec(l);
            if (m) return done(() => resolve(m));
          }
          if (closed)
            done(() => reject(new Error(`\`${command}\` ended before ${re}:\n${tail()}`)));
        };
        const timer = setTimeout(
          () =>
            done(() =>
              reject(new Error(`no ${re} from \`${command}\` within ${timeoutMs} ms:\n${tail()}`)),
            ),
          timeoutMs,
        );
        const done = (f: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          f();
        };
        listeners.add(check);
        check();
      });
    },
    async stop() {
      if (closed) return;
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), 10_000);
      await closedP;
      clearTimeout(timer);
    },
  };
  function tail() {
    return lines.slice(-15).join('\n');
  }
}

async function run(command: string, env: NodeJS.ProcessEnv) {
  const p = start(command, env);
  const code = await new Promise<number | null>((resolve) => p.child.on('exit', resolve));
  await p.stop();
  return { code, out: p.lines.join('\n') };
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, () => srv.close(() => resolve(true)));
  });
}

async function until<T>(what: string, f: () => Promise<T | undefined>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const statusOf = (out: string) => Number(/^HTTP\/[\d.]+ (\d{3})/m.exec(out)?.[1]);

describe('README: working on one function', () => {
  const section = readSection();
  const blocks = commandsByHeading(section);
  const all = [...blocks.values()].flat();
  let ports: LocalPorts = { ...DEFAULT_PORTS };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ENV_FILE: '.env.example',
    NODE_ENV: 'development',
  };
  for (const key of SETTINGS) delete env[key];
  let emulators: Proc | undefined;
  let storage: Storage;
  let pubsub: PubSub | undefined;
  let subscription: Subscription | undefined;
  const published: ReplyMessage[] = [];
  const running = new Set<Proc>();

  /** The command as written, on other ports only when the documented ones are taken. */
  const local = (command: string) =>
    command.replace(/localhost:(\d+)/g, (m, p: string) => {
      const key = (Object.keys(DEFAULT_PORTS) as (keyof LocalPorts)[]).find(
        (k) => DEFAULT_PORTS[k] === Number(p),
      );
      return key ? `localhost:${ports[key]}` : m;
    });

  before(async () => {
    const taken = [];
    for (const p of Object.values(DEFAULT_PORTS)) if (!(await isFree(p))) taken.push(p);
    if (taken.length) {
      // Someone runs `npm start` or the emulators here: same commands, other ports.
      ports = { ...DEFAULT_PORTS };
      for (const key of Object.keys(ports) as (keyof LocalPorts)[]) {
        ports[key] = await freePort();
        env[PORT_VARS[key]] = String(ports[key]);
      }
      console.log(`ports ${taken.join(', ')} are taken; using ${JSON.stringify(ports)}`);
    }
    const command = all.find((c) => c === 'npm run emulators');
    assert.ok(command, 'the section starts the emulators with `npm run emulators`');
    emulators = start(command, env);
    await emulators.waitFor(/Emulators ready/, 90_000);
    // As the local operator: the emulators enforce the deploy plan's grants.
    storage = storageAs(`http://127.0.0.1:${ports.storage}`, PROJECT);
    pubsub = new PubSub({
      projectId: PROJECT,
      apiEndpoint: `127.0.0.1:${ports.pubsub}`,
      emulatorMode: true,
    });
    [subscription] = await pubsub.topic('sticker-replies').createSubscription('readme-test');
    subscription.on('message', (m: { data: Buffer; ack(): void }) => {
      published.push(decodeReply(m.data));
      m.ack();
    });
  });

  after(async () => {
    for (const p of running) await p.stop();
    await subscription?.close().catch(() => undefined);
    await pubsub?.close().catch(() => undefined);
    await emulators?.stop();
  });

  /** Starts `npm run fn:<name>` as written and waits for the URL it prints. */
  async function startFunction(name: 'webhook' | 'matting' | 'sender'): Promise<Proc> {
    const heading = [...blocks.keys()].find((h) => h.startsWith(name));
    assert.ok(heading, `a "### ${name}" subsection`);
    const command = blocks.get(heading)?.find((c) => c.startsWith('npm run fn:'));
    assert.equal(command, `npm run fn:${name}`);
    const fn = start(command, env);
    running.add(fn);
    const [, port] = await fn.waitFor(/URL: http:\/\/localhost:(\d+)\//);
    assert.equal(Number(port), ports[name], 'the URL it prints');
    return fn;
  }

  /**
   * What one README command must do, and what sending it again must do: the section
   * promises that a repeated sample is acknowledged and logged as a redelivery.
   */
  interface Outcome {
    command: RegExp;
    check(out: string): Promise<void>;
    again?: { status: number; log: string };
  }

  /** Runs every other command of the subsection; each must have a known outcome. */
  async function runSamples(name: string, fn: Proc, outcomes: Outcome[]) {
    const heading = [...blocks.keys()].find((h) => h.startsWith(name))!;
    const commands = blocks.get(heading)!.filter((c) => !c.startsWith('npm run fn:'));
    const seen = new Set<Outcome>();
    for (const command of commands) {
      const matching = outcomes.filter((o) => o.command.test(command));
      assert.equal(matching.length, 1, `one known outcome for: ${command}`);
      const outcome = matching[0]!;
      seen.add(outcome);
      const { code, out } = await run(local(command), env);
      assert.equal(code, 0, `${command}\n${out}`);
      await outcome.check(out);
      if (outcome.again) {
        const second = await run(local(command), env);
        assert.equal(statusOf(second.out), outcome.again.status, `again: ${command}`);
        await fn.waitFor(new RegExp(`"message":"${outcome.again.log.replace(/[()]/g, '\\$&')}"`));
      }
    }
    assert.equal(seen.size, outcomes.length, `the ${name} subsection shows every sample`);
  }

  const sent = (re: RegExp) => emulators!.waitFor(re, 20_000);
  const object = (bucket: string, name: string) =>
    until(`gs://${bucket}/${name}`, async () => {
      const [found] = await storage.bucket(bucket).file(name).exists();
      if (!found) return undefined;
      const [meta] = await storage.bucket(bucket).file(name).getMetadata();
      return meta;
    });

  // Downstream first, so nothing a function emits is delivered to one started after it.
  test('sender: the published CloudEvent, the raw push body and an emitted reply', async () => {
    const fn = await startFunction('sender');
    const delivered = { status: 204, log: 'reply already delivered; redelivery ignored' };
    await runSamples('sender', fn, [
      {
        command: /samples\/published\.json/,
        async check(out) {
          assert.equal(statusOf(out), 204);
          await sent(/SENT {4}bot sent sticker to chat 4242 in reply to 105: image\/webp/);
          await object(STICKERS, `sent/${CHAT}/900000105.json`);
        },
        again: delivered,
      },
      {
        command: /samples\/push\.json/,
        async check(out) {
          assert.equal(statusOf(out), 204);
          await sent(/bot sent message to chat 4242 in reply to 106: "I could not find a person/);
        },
        again: delivered,
      },
      {
        command: /^npm run emit -- reply/,
        async check(out) {
          assert.match(out, /published message \S+ on sticker-replies/);
          await sent(/bot sent message to chat 4242: "I could not find a person/);
        },
      },
    ]);
    await fn.stop();
    running.delete(fn);
  });

  test('matting: the finalized CloudEvent and an emitted upload', async () => {
    const fn = await startFunction('matting');
    await runSamples('matting', fn, [
      {
        command: /samples\/finalized\.json/,
        async check(out) {
          assert.equal(statusOf(out), 204);
          const sticker = await object(STICKERS, `${CHAT}/900000104.webp`);
          assert.equal(sticker.contentType, 'image/webp');
          const reply = await until('the reply', () =>
            Promise.resolve(
              published.find((r) => r.updateId === 900000104 && r.kind !== 'chat_action'),
            ),
          );
          assert.equal(reply.kind, 'sticker');
          const [upload] = await storage.bucket(UPLOADS).file(`${CHAT}/900000104`).exists();
          assert.equal(upload, false, 'the upload is deleted');
          assert.ok(fn.lines.some((l) => l.includes('"message":"reply published"')));
        },
        again: { status: 204, log: 'upload is gone: already processed' },
      },
      {
        command: /^npm run emit -- upload/,
        async check(out) {
          const name = /uploaded gs:\/\/sticker-uploads-local\/(\S+) /.exec(out)?.[1];
          assert.ok(name, out);
          await object(STICKERS, `${name}.webp`);
        },
      },
    ]);
    await fn.stop();
    running.delete(fn);
  });

  test('webhook: photo, document and command updates', async () => {
    const fn = await startFunction('webhook');
    const upload = async (out: string, name: string, type: string) => {
      assert.equal(statusOf(out), 200);
      assert.match(out, /\{"ok":true\}/);
      const meta = await object(UPLOADS, name);
      assert.equal(meta.contentType, type);
      const m = decodeUploadMetadata(meta.metadata);
      assert.equal(`${m.chatId}/${m.updateId}`, name);
    };
    const stored = { status: 200, log: 'upload already stored (redelivery)' };
    await runSamples('webhook', fn, [
      {
        command: /samples\/photo\.json/,
        check: (out) => upload(out, `${CHAT}/900000101`, 'image/jpeg'),
        again: stored,
      },
      {
        command: /samples\/document\.json/,
        check: (out) => upload(out, `${CHAT}/900000102`, 'image/png'),
      },
      {
        command: /samples\/command\.json/,
        async check(out) {
          assert.equal(statusOf(out), 200);
          await sent(/bot sent message to chat 4242 in reply to 103: "Hi Ada!/);
        },
      },
    ]);
    // "Without the header, or with a wrong secret: 401."
    const photo = blocks
      .get([...blocks.keys()].find((h) => h.startsWith('webhook'))!)!
      .find((c) => c.includes('samples/photo.json'))!;
    for (const header of ['', "-H 'X-Telegram-Bot-Api-Secret-Token: wrong' "]) {
      const tampered = photo.replace(/-H 'X-Telegram-Bot-Api-Secret-Token: [^']*' /, header);
      assert.notEqual(tampered, photo);
      assert.equal(statusOf((await run(local(tampered), env)).out), 401);
    }
    await fn.stop();
    running.delete(fn);
  });

  test('the test commands name folders with tests', () => {
    const tests = all.filter((c) => c.startsWith('npm test'));
    assert.ok(tests.length > 0);
    for (const c of tests) {
      for (const p of c
        .replace(/^npm test( --)?/, '')
        .split(/\s+/)
        .filter((a) => a && !a.startsWith('-'))) {
        assert.ok(existsSync(path.join(ROOT, p)), p);
        assert.ok(
          readdirSync(path.join(ROOT, p)).some((f) => f.endsWith('.test.ts')),
          p,
        );
      }
    }
  });

  test('stopping the emulators leaves nothing running', async () => {
    for (const p of running) await p.stop();
    await emulators?.stop();
    for (const port of Object.values(ports)) {
      await until(
        `port ${port} to be free`,
        async () => ((await isFree(port)) ? true : undefined),
        10_000,
      );
    }
  });
});
