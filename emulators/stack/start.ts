import { DEAD_LETTER_TOPIC, REPLIES_TOPIC } from '../../shared/topics';
import { loadDotEnv } from './env';
import type { FunctionName } from './functions';
import { startStack, type StackOptions } from './stack';

/**
 * `npm start`: the whole product on this machine. With TELEGRAM_API_ROOT unset it uses
 * the local Telegram emulator; set it (plus TELEGRAM_BOT_TOKEN and
 * TELEGRAM_WEBHOOK_SECRET) to point the stack at any server speaking the Bot API.
 */
async function main(): Promise<void> {
  const envFile = loadDotEnv();
  const env = process.env;
  const portOf = (name: string, def: number) => {
    const v = env[name];
    const n = v ? Number(v) : def;
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} is not a port: ${v}`);
    return n;
  };
  const ports: NonNullable<StackOptions['ports']> = {
    webhook: portOf('WEBHOOK_PORT', 8081),
    matting: portOf('MATTING_PORT', 8082),
    sender: portOf('SENDER_PORT', 8083),
    pubsub: portOf('PUBSUB_EMULATOR_PORT', 8085),
    storage: portOf('STORAGE_EMULATOR_PORT', 9090),
    telegram: portOf('TELEGRAM_EMULATOR_PORT', 8090),
  };
  let telegram: StackOptions['telegram'];
  if (env.TELEGRAM_API_ROOT) {
    const missing = ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET'].filter((k) => !env[k]);
    if (missing.length) {
      throw new Error(
        `TELEGRAM_API_ROOT is set, so ${missing.join(' and ')} must be set too (environment or .env)`,
      );
    }
    telegram = {
      apiRoot: env.TELEGRAM_API_ROOT,
      token: env.TELEGRAM_BOT_TOKEN!,
      webhookSecret: env.TELEGRAM_WEBHOOK_SECRET!,
      webhookUrl: env.WEBHOOK_PUBLIC_URL,
    };
  }
  const verbose = env.STACK_LOG === 'all';
  console.log(`Starting the local stack${envFile ? ` (settings from ${envFile})` : ''}…`);
  // The functions' own settings pass through from the environment or .env.
  const fnEnv: NodeJS.ProcessEnv = {};
  for (const key of FUNCTION_SETTINGS) if (env[key] !== undefined) fnEnv[key] = env[key];
  const stack = await startStack({
    ports,
    telegram,
    env: fnEnv,
    onLine: (source, line) => printLine(source, line, verbose),
  });
  const fn = (n: FunctionName) =>
    `${stack.functions[n].url}  (ready in ${stack.functions[n].startupMs} ms)`;
  console.log(
    [
      '',
      'Sticker bot running locally:',
      `  webhook   ${fn('webhook')}`,
      `  matting   ${fn('matting')}`,
      `  sender    ${fn('sender')}`,
      `  Storage emulator   ${stack.storage.url}  buckets ${stack.uploadsBucket}, ${stack.stickersBucket}`,
      `  Pub/Sub emulator   ${stack.pubsub.host}  topics ${REPLIES_TOPIC}, ${DEAD_LETTER_TOPIC}`,
      `  Firestore emulator ${stack.firestore.host}  chat settings, sticker packs, fair use`,
      stack.telegram
        ? `  Telegram emulator  ${stack.apiRoot}  (bot token ${stack.botToken})`
        : `  Telegram Bot API   ${stack.apiRoot}  (webhook ${stack.webhookUrl})`,
      ...(stack.telegram ? [`  Chat page          ${stack.telegram.chatPageUrl}`] : []),
      '',
      stack.telegram
        ? 'Open the chat page and send a photo of a person; or run npm run demo -- --photo PATH --out sticker.webp (its own stack).'
        : 'Send the bot a photo from a Telegram client.',
      'Ctrl+C stops everything.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** Settings of the functions themselves (README, Configuration) that `npm start` honours. */
const FUNCTION_SETTINGS = [
  'STICKER_OUTLINE_PX',
  'MATTING_WORKING_SIZE',
  'TFJS_BACKEND',
  'WEBHOOK_MAX_BODY_BYTES',
];

/** One readable line per log event: severity, source, message, update id. */
function printLine(source: string, line: string, verbose: boolean): void {
  let o: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed && typeof parsed === 'object') o = parsed as Record<string, unknown>;
  } catch {
    /* not JSON: printed as it is */
  }
  if (!o) {
    if (verbose || source !== 'pubsub') console.log(`${source.padEnd(8)} ${line}`);
    return;
  }
  const str = (v: unknown) =>
    typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
  const sev = str(o.severity) ?? str(o.level) ?? 'INFO';
  if (!verbose && (sev === 'DEBUG' || source === 'pubsub')) return;
  const id = str(o.updateId) ? ` [update ${str(o.updateId)}]` : '';
  const ms = str(o.ms) ? ` (${str(o.ms)} ms)` : '';
  console.log(
    `${source.padEnd(8)} ${sev.padEnd(7)} ${str(o.message) ?? str(o.event) ?? line}${id}${ms}`,
  );
}

main().catch((err: unknown) => {
  console.error(`npm start failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
