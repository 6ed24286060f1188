import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { firestoreEmulatorProblem } from './firestore';
import { pubsubEmulatorProblem } from './pubsub';
import { startStack, type Stack } from './stack';

const USAGE =
  'usage: npm run demo -- (--photo PATH | --video PATH) --out PATH [--caption TEXT] [--document] [--verbose]';

/**
 * `npm run demo`: the product end to end in one command. Starts the local stack, sends
 * the photo (or the clip, as a video) as a Telegram user, waits for what the bot answers,
 * writes the sticker (WebP, or WEBM for a clip), prints where the time went, and stops
 * everything it started. With `--document` the file is sent as a file instead.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      photo: { type: 'string' },
      video: { type: 'string' },
      out: { type: 'string' },
      caption: { type: 'string' },
      document: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '60' },
    },
  });
  const input = values.photo ?? values.video;
  if (!input || !values.out || (values.photo && values.video)) {
    console.error(USAGE);
    return 2;
  }
  if (!existsSync(input)) {
    console.error(`demo: no such file: ${input}`);
    return 2;
  }
  const problem = pubsubEmulatorProblem() ?? firestoreEmulatorProblem();
  if (problem) {
    console.error(`demo: cannot start the local stack. ${problem}`);
    return 1;
  }
  const data = readFileSync(input);
  const isClip = values.video !== undefined;
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
    const caption = values.caption;
    const update = values.document
      ? await tg.sendDocument(user, data, {
          fileName: path.basename(input),
          mimeType: mimeType(input),
          caption,
        })
      : isClip
        ? await tg.sendVideo(user, data, { caption, fileName: path.basename(input) })
        : await tg.sendPhoto(user, data, { caption });
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
    const format = isClip ? 'WEBM' : 'WebP';
    console.log(
      `sticker written to ${values.out}: ${reply.file.width}x${reply.file.height} ${format}, ${reply.file.data.length} bytes`,
    );
    console.log(`per-stage timings (${isClip ? 'clip' : 'photo'} sent → sticker received):`);
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

const MIME_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
};

/** The MIME type a Telegram client would give the file, from its name (JPEG otherwise). */
function mimeType(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'image/jpeg';
}

function coldStarts(stack: Stack): string {
  return Object.values(stack.functions)
    .map((f) => `${f.name} ${f.startupMs} ms`)
    .join(', ');
}

/** The matting stages the demo prints, from the log line of a photo or of a clip. */
const MATTING_STAGES: [string, [string, string][]][] = [
  [
    'sticker made',
    [
      ['matting: decode', 'decodeMs'],
      ['matting: segment', 'segmentMs'],
      ['matting: matte + edge colours', 'matteMs'],
      ['matting: compose', 'composeMs'],
    ],
  ],
  [
    'video sticker made',
    [
      ['matting: probe + decode', 'decodeMs'],
      ['matting: segment + smooth', 'segmentMs'],
      ['matting: compose', 'composeMs'],
      ['matting: encode', 'encodeMs'],
    ],
  ],
];

/** Stage timings read from the functions' own structured logs for this update. */
function stageTimings(stack: Stack, updateId: number): [string, string][] {
  const find = (fn: 'webhook' | 'matting' | 'sender', message: string) =>
    stack.functions[fn].logs.find((l) => l.message === message && Number(l.updateId) === updateId);
  const out: [string, string][] = [];
  const w = find('webhook', 'update handled');
  if (w) out.push(['webhook (fetch file + store)', ms(Number(w.ms))]);
  for (const [message, stages] of MATTING_STAGES) {
    const made = find('matting', message);
    for (const [stage, key] of made ? stages : []) out.push([stage, ms(Number(made?.[key]))]);
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
