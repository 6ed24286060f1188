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
