/**
 * Runs the Telegram emulator on its own, for the local stack or by hand:
 *
 *   npx tsx emulators/telegram/main.ts --port 8081 [--token 123456:TEST-...] [--host 127.0.0.1]
 *
 * Prints the apiRoot alone on the first line, then one JSON log line per event.
 * Stops cleanly on SIGINT / SIGTERM.
 */
import { parseArgs } from 'node:util';
import { startTelegramEmulator } from './server.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8081' },
      host: { type: 'string', default: '127.0.0.1' },
      token: { type: 'string' },
      'bot-username': { type: 'string' },
    },
    strict: true,
  });
  const write = (line: Record<string, unknown>): void => {
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };
  const early: Record<string, unknown>[] = [];
  let ready = false;
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a port number, got "${values.port}"`);
  }
  const emulator = await startTelegramEmulator({
    port,
    host: values.host,
    ...(values.token !== undefined && { token: values.token }),
    ...(values['bot-username'] !== undefined && { botUsername: values['bot-username'] }),
    log: (line) => (ready ? write(line) : early.push(line)),
  });
  // apiRoot alone on the first line, so a runner can read it with `head -1`.
  process.stdout.write(`${emulator.apiRoot}\n`);
  ready = true;
  early.forEach(write);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    write({ severity: 'INFO', message: 'stopping', signal });
    emulator.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${JSON.stringify({ severity: 'ERROR', message: String(err) })}\n`);
  process.exit(1);
});
