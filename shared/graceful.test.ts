import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

/**
 * SIGTERM with a handler in flight: the process's own (framework) SIGTERM listener runs
 * only after the work finished. Run in a child process, since it exits.
 */
test('SIGTERM waits for in-flight work before the framework exits', async () => {
  const script = `
    const { track } = require(${JSON.stringify(path.join(__dirname, 'graceful.ts'))});
    process.on('SIGTERM', () => { console.log('framework exit'); process.exit(0); });
    track(() => new Promise((r) => setTimeout(() => { console.log('work done'); r(); }, 400)));
    console.log('ready');
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString();
    if (out.includes('ready') && !out.includes('sent')) {
      out += 'sent\n';
      child.kill('SIGTERM');
    }
  });
  const code = await new Promise((r) => child.on('exit', r));
  assert.equal(code, 0);
  const lines = out.split('\n').filter((l) => l && l !== 'sent');
  assert.deepEqual(lines, ['ready', 'work done', 'framework exit']);
});

/**
 * Events keep arriving while an instance drains (locally the Pub/Sub emulator keeps
 * pushing; in the cloud a request can be in the router already). They must be refused
 * at once, or a steady stream keeps work in flight until the grace period ends and the
 * exit cuts a delivery in half.
 */
test('after SIGTERM new work is refused and the framework exits once in-flight work ends', async () => {
  const script = `
    const { track, ShuttingDownError } = require(${JSON.stringify(path.join(__dirname, 'graceful.ts'))});
    const { RetryableError } = require(${JSON.stringify(path.join(__dirname, 'errors.ts'))});
    process.on('SIGTERM', () => { console.log('framework exit'); process.exit(0); });
    const slow = () => new Promise((r) => setTimeout(r, 300));
    track(() => slow().then(() => console.log('first done')));
    process.once('SIGTERM', () => {
      // a push that lands during the drain, after the first handler started
      setTimeout(() => {
        let started = false;
        track(() => { started = true; return slow(); }).then(
          () => console.log('late event ran'),
          (err) => console.log('late event refused ' + (err instanceof ShuttingDownError) + ' ' + (err instanceof RetryableError) + ' ' + started),
        );
      }, 50);
    });
    console.log('ready');
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let signalled = false;
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString();
    if (out.includes('ready') && !signalled) {
      signalled = true;
      child.kill('SIGTERM');
    }
  });
  const code = await new Promise((r) => child.on('exit', r));
  assert.equal(code, 0);
  assert.deepEqual(out.split('\n').filter(Boolean), [
    'ready',
    'late event refused true true false',
    'first done',
    'framework exit',
  ]);
});
