import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { firestoreEmulatorProblem } from './firestore';
import { pubsubEmulatorProblem } from './pubsub';
import { startStack, type Stack } from './stack';

const USAGE =
  'usage: npm run demo -- --photo PATH --out PATH [--caption TEXT] [--document] [--verbose]';

/**
 * `npm run demo`: the product end to end in one command. Starts the local stack, sends
 * the photo as a Telegram user, waits for what the bot answers, writes the sticker, prints
 * where the time went, and stops everything it started.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      photo: { type: 'string' },
      out: { type: 'string' },
      caption: { type: 'string' },
      document: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '60' },
    },
  });
  if (!values.photo || !values.out) {
    console.error(USAGE);
    return 2;
  }
  if (!existsSync(values.photo)) {
    console.error(`demo: no such photo: ${values.photo}`);
    return 2;
  }
  const problem = pubsubEmulatorProblem() ?? firestoreEmulatorProblem();
  if (problem) {
    console.error(`demo: cannot start the local stack. ${problem}`);
    return 1;
  }
  const photo = readFileSync(values.photo);
  const t0 = performance.now();
  let stack: Stack | undefined;
  try {
    stack = await startStack({
      onLine: values.verbose ? (s, l) => console.log(`${s.padEnd(8)} ${l}`) : undefined,
    });
    const stackMs = performance.now() - t0;
    const tg = stack.telegram!;
    const user = { userId: 1001, firstName: 'Demo', languageCode: 'en' };
    const sentAt = performance.now();
    const update = values.document
      ? await tg.sendDocument(user, photo, {
          fileName: path.basename(values.photo),
          mimeType: values.photo.toLowerCase().endsWith('.png') ? 'image/png' : 'image/jpeg',
          caption: values.caption,
        })
      : await tg.sendPhoto(user, photo, { caption: values.caption });
    const reply = await tg.waitForMessage(
      (m) => m.chatId === user.userId && m.replyToMessageId === update.message.message_id,
      Number(values.timeout) * 1000,
    );
    const totalMs = performance.now() - sentAt;
    const timings = stageTimings(stack, update.update_id);
    console.log(`stack started in ${ms(stackMs)} (cold start: ${coldStarts(stack)})`);
    if (reply.method !== 'sendSticker' || !reply.file) {
      console.error(`demo: the bot answered with text instead of a sticker: "${reply.text ?? ''}"`);
      return 1;
    }
    writeFileSync(values.out, reply.file.data);
    console.log(
      `sticker written to ${values.out}: ${reply.file.width}x${reply.file.height} WebP, ${reply.file.data.length} bytes`,
    );
    console.log('per-stage timings (photo sent → sticker received):');
    for (const [stage, value] of timings) console.log(`  ${stage.padEnd(30)} ${value}`);
    console.log(`  ${'total'.padEnd(30)} ${ms(totalMs)}`);
    return 0;
  } catch (err) {
    console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await stack?.stop();
  }
}

const ms = (v: number) => `${Math.round(v)} ms`;

function coldStarts(stack: Stack): string {
  return Object.values(stack.functions)
    .map((f) => `${f.name} ${f.startupMs} ms`)
    .join(', ');
}

/** Stage timings read from the functions' own structured logs for this update. */
function stageTimings(stack: Stack, updateId: number): [string, string][] {
  const find = (fn: 'webhook' | 'matting' | 'sender', message: string) =>
    stack.functions[fn].logs.find((l) => l.message === message && Number(l.updateId) === updateId);
  const out: [string, string][] = [];
  const w = find('webhook', 'update handled');
  if (w) out.push(['webhook (fetch file + store)', ms(Number(w.ms))]);
  const made = find('matting', 'sticker made');
  if (made) {
    out.push(['matting: decode', ms(Number(made.decodeMs))]);
    out.push(['matting: segment', ms(Number(made.segmentMs))]);
    out.push(['matting: matte + edge colours', ms(Number(made.matteMs))]);
    out.push(['matting: compose', ms(Number(made.composeMs))]);
  }
  const pub = find('matting', 'reply published');
  if (pub) out.push(['matting (whole event)', ms(Number(pub.ms))]);
  const s = find('sender', 'reply delivered');
  if (s) out.push(['sender (sendSticker)', ms(Number(s.ms))]);
  return out;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
