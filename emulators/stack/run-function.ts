/**
 * `npm run fn:<name>`: one function alone under the Functions Framework, the way
 * `functions-framework --target=... --signature-type=...` runs it, from the TypeScript
 * source through tsx (no build), with settings from `.env` over local-emulator defaults.
 *
 *   node --import tsx emulators/stack/run-function.ts webhook|matting|sender
 *
 * The framework runs in this very process (not a child), so `node --watch` sees every
 * source file the function loads and restarts it when one changes.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, SIGNATURE } from './functions';
import { EMULATOR_SERVICE_ACCOUNT } from '../../shared/emulator-identity';
import { LOCAL_FUNCTIONS, loadLocalEnv, localIamFromEnv, type LocalFunction } from './local-env';
import { freePort, waitForPort } from './ports';
import { startRequestTimeoutProxy } from './request-timeout';
import { TIMEOUT_SETTING, timeoutOf } from '../../shared/platform';

const FF_MAIN = path.join(ROOT, 'node_modules/@google-cloud/functions-framework/build/src/main.js');

function isLocalFunction(name: string | undefined): name is LocalFunction {
  return (LOCAL_FUNCTIONS as readonly (string | undefined)[]).includes(name);
}

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!isLocalFunction(name)) {
    console.error(`usage: run-function.ts ${LOCAL_FUNCTIONS.join('|')}`);
    process.exit(2);
  }
  const { file, ports } = loadLocalEnv();
  // The function calls Google APIs as the service account deploy gives it.
  process.env[EMULATOR_SERVICE_ACCOUNT] ||= localIamFromEnv().accounts[name];
  // Cloud Run's request timeout, enforced in front of the framework (504), which listens
  // on a private port; the function learns it from FUNCTION_TIMEOUT_SECONDS.
  const timeoutSeconds = timeoutOf(name);
  process.env[TIMEOUT_SETTING] = String(timeoutSeconds);
  const privatePort = await freePort();
  const flags = [
    `--target=${name}`,
    `--signature-type=${SIGNATURE[name]}`,
    `--source=${path.join('functions', name, 'index.ts')}`,
    `--port=${privatePort}`,
  ];
  const settings = file ? path.relative(process.cwd(), file) || file : 'local defaults (no .env)';
  console.log(`functions-framework ${flags.join(' ')}   [settings: ${settings}]`);
  console.log(`calling Google APIs as ${process.env[EMULATOR_SERVICE_ACCOUNT]}`);
  // The framework prints the URL it listens on; the function's URL is the front end's,
  // printed once the front end listens.
  const log = console.log.bind(console);
  const url = `URL: http://localhost:${privatePort}/`;
  let urlPrinted = false;
  console.log = (...args: unknown[]) => {
    if (args.length === 1 && args[0] === url) urlPrinted = true;
    else log(...args);
  };
  // The framework reads its options from argv, exactly as its own CLI would get them.
  process.chdir(ROOT);
  process.argv = [process.argv[0]!, FF_MAIN, ...flags];
  await import(pathToFileURL(FF_MAIN).href);
  // The function's own port opens once the framework listens, as before.
  await waitForPort(privatePort, 60_000);
  await startRequestTimeoutProxy({
    port: ports[name],
    upstreamPort: privatePort,
    timeoutMs: timeoutSeconds * 1000,
    onTimeout: (r) =>
      console.error(`${r.method} ${r.url}: request timeout (${timeoutSeconds} s) reached: 504`),
  });
  console.log = log;
  if (urlPrinted) log(`URL: http://localhost:${ports[name]}/`);
  log(`requests cut at ${timeoutSeconds} s with 504, as Cloud Run does`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
