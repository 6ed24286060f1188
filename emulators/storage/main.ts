/**
 * Runs the Storage emulator on its own, for the local stack or by hand:
 *
 *   node --import tsx emulators/storage/main.ts --port 9023 \
 *     --bucket uploads --subscribe uploads=http://127.0.0.1:8081/
 *
 * The first stdout line is the URL (for `apiEndpoint` or `STORAGE_EMULATOR_HOST`), then one
 * JSON log line per event. SIGINT/SIGTERM stop it cleanly, abandoning pending deliveries.
 */
import { parseArgs } from 'node:util';
import { emulatorAccessToken } from '../../shared/emulator-identity.js';
import { LOCAL_OPERATOR } from '../iam/local-plan.js';
import { startStorageEmulator } from './server.js';

const USAGE = `usage: main.ts [--port N] [--host H] [--bucket NAME]... [--subscribe BUCKET=URL]...
  --port        port to listen on (default 0: any free port; the URL is printed)
  --host        address to bind (default 127.0.0.1)
  --bucket      create this bucket at start (repeatable)
  --subscribe   POST finalized-object CloudEvents of BUCKET to URL (repeatable)`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        host: { type: 'string', default: '127.0.0.1' },
        bucket: { type: 'string', multiple: true, default: [] },
        subscribe: { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid --port: ${values.port}`);
  const subscriptions = values.subscribe.map((s) => {
    const eq = s.indexOf('=');
    if (eq <= 0) fail(`invalid --subscribe (want BUCKET=URL): ${s}`);
    return { bucket: s.slice(0, eq), target: s.slice(eq + 1) };
  });

  // Lines logged before the URL is printed wait, so that the URL is always the first line.
  let early: string[] | undefined = [];
  const emulator = await startStorageEmulator({
    port,
    host: values.host,
    log: (line) => {
      const text = `${JSON.stringify({ time: new Date(), ...line })}\n`;
      if (early) early.push(text);
      else process.stdout.write(text);
    },
  });
  for (const { bucket, target } of subscriptions) {
    try {
      emulator.subscribe(bucket, target);
    } catch (err) {
      await emulator.close();
      fail(`invalid --subscribe target ${target}: ${(err as Error).message}`);
    }
  }
  for (const name of values.bucket) {
    // Through the API itself, so the bucket is made exactly as a client would make it, by
    // the local operator (the only account of the emulator's default policy).
    const res = await fetch(`${emulator.url}/storage/v1/b?project=local`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${emulatorAccessToken(LOCAL_OPERATOR)}`,
      },
      body: JSON.stringify({ name }),
    });
    if (!res.ok) {
      await emulator.close();
      fail(`cannot create bucket ${name}: ${res.status} ${await res.text()}`);
    }
  }

  // Only now, with buckets and triggers in place, is the emulator ready to be used.
  process.stdout.write(`${emulator.url}\n${early.join('')}`);
  early = undefined;

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    const line = { time: new Date(), severity: 'INFO', message: 'stopping', signal };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    // A stuck close must not keep the stack runner waiting.
    setTimeout(() => process.exit(1), 5000).unref();
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
