import { parseArgs } from 'node:util';
import { startFunction } from '../stack/functions';
import { freePort } from '../stack/ports';

/**
 * `npm run bench:forged -- [--mib 32] [--shape object|empty|number] [--secret wrong|none|right]`:
 * the webhook's peak RSS (VmHWM from /proc) for one forged JSON body of many small
 * values, posted by someone who does not know the webhook secret. The webhook runs alone,
 * from source as `npm run fn:webhook` runs it, with settings that reach no service; the
 * figure to compare with is the webhook's memory setting (256 MiB). A benchmark: it
 * prints figures and asserts nothing.
 */
const ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NODE_ENV: 'production',
  METADATA_SERVER_DETECTION: 'none',
  GOOGLE_CLOUD_PROJECT: 'forged-body-bench',
  STORAGE_EMULATOR_HOST: 'http://127.0.0.1:9',
  FIRESTORE_EMULATOR_HOST: '127.0.0.1:9',
  UPLOADS_BUCKET: 'forged-uploads',
  TELEGRAM_API_ROOT: 'http://127.0.0.1:9',
  TELEGRAM_BOT_TOKEN: '123456:forged-body-bench',
  TELEGRAM_WEBHOOK_SECRET: 'forged-body-bench-secret',
};

/** One small JSON value, repeated: what makes JSON.parse allocate the most per byte. */
const SHAPES = { object: '{"a":0}', empty: '{}', number: '0' } as const;
type Shape = keyof typeof SHAPES;

/** `{"update_id":1,"x":[v,v,…]}` of about `bytes` bytes: an update only by its first field. */
export function forgedBody(bytes: number, shape: Shape): Buffer {
  const head = '{"update_id":1,"x":[';
  const item = SHAPES[shape] + ',';
  const count = Math.max(1, Math.floor((bytes - head.length - 2) / item.length));
  return Buffer.from(head + item.repeat(count - 1) + SHAPES[shape] + ']}');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mib: { type: 'string', default: '32' },
      shape: { type: 'string', default: 'object' },
      secret: { type: 'string', default: 'wrong' },
    },
  });
  const shape = values.shape as Shape;
  if (!(shape in SHAPES)) throw new Error(`--shape: one of ${Object.keys(SHAPES).join(', ')}`);
  const body = forgedBody(Number(values.mib) * 1024 * 1024, shape);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (values.secret === 'wrong') headers['x-telegram-bot-api-secret-token'] = 'guessed-secret';
  if (values.secret === 'right')
    headers['x-telegram-bot-api-secret-token'] = ENV.TELEGRAM_WEBHOOK_SECRET!;
  const fn = await startFunction({
    name: 'webhook',
    port: await freePort(),
    env: ENV,
    fromSource: true,
  });
  try {
    // One small request first, so that the idle figure includes the handler's own modules.
    await fetch(fn.url, { method: 'POST', headers, body: '{"update_id":0}' });
    const idle = fn.peakRssMb();
    const t0 = performance.now();
    let status: number | string;
    try {
      const res = await fetch(fn.url, { method: 'POST', headers, body });
      status = res.status;
      await res.arrayBuffer();
    } catch (err) {
      status = `no answer (${(err as Error).message})`;
    }
    const ms = Math.round(performance.now() - t0);
    const peak = fn.peakRssMb();
    console.log(
      `forged body: ${(body.length / 1024 / 1024).toFixed(1)} MiB of ${SHAPES[shape]} values, ` +
        `secret ${values.secret} → ${status} in ${ms} ms; webhook peak RSS ${peak} MiB ` +
        `(idle ${idle} MiB; the deployed webhook has 256 MiB)`,
    );
  } finally {
    await fn.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
