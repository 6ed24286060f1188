import { formatViolations } from '../iam/calls';
import { collect, sendPhotos, type SentPhoto, type Tally } from '../load/load';
import { startStack, type Stack } from '../stack/stack';

/** How hard the fault run shakes the chain. */
export interface FaultProfile {
  photos: number;
  users: number;
  ratePerSec: number;
  /** share of Storage requests answered 503 */
  storageErrorRate: number;
  /** share of Bot API calls answered 429 (with retry_after) and 500 */
  telegram429: number;
  telegram500: number;
  retryAfterSeconds: number;
  /** matting is SIGKILLed when this share of photos has been sent, down for downMs */
  killMattingAt: number;
  mattingDownMs: number;
  /** the sender's push endpoint is down from this share of photos, for downMs */
  senderDownAt: number;
  senderDownMs: number;
  /**
   * The sender's (and dead letter's) timeout in seconds: short, so the Bot API call bound
   * and the claim lease derived from it (shared/platform.ts) keep the run short
   */
  senderTimeoutSeconds: number;
  /** Telegram accepts the first sendSticker of each chat and never answers it */
  hangFirstStickerPerChat: boolean;
  /** the sender is SIGKILLed once, between Telegram carrying out a sendSticker and answering */
  killSenderMidSend: boolean;
  deadlineMs: number;
  seed: number;
}

export const FULL_PROFILE: FaultProfile = {
  photos: 100,
  users: 20,
  ratePerSec: 4,
  storageErrorRate: 0.1,
  telegram429: 0.1,
  telegram500: 0.05,
  retryAfterSeconds: 1,
  killMattingAt: 0.3,
  mattingDownMs: 3000,
  senderDownAt: 0.6,
  senderDownMs: 6000,
  senderTimeoutSeconds: 8,
  hangFirstStickerPerChat: true,
  killSenderMidSend: true,
  deadlineMs: 300_000,
  seed: 7,
};

/** The CI profile: every fault, fewer photos. */
export const CI_PROFILE: FaultProfile = {
  ...FULL_PROFILE,
  photos: 30,
  users: 10,
  deadlineMs: 240_000,
};

export interface FaultResult extends Tally {
  chaos: string[];
  /** faults that really fired, so a run cannot pass without being shaken */
  injected: {
    storage503: number;
    telegram429: number;
    telegram500: number;
    hungSendSticker: number;
    senderKilledMidSend: number;
  };
  /**
   * What IAM refused or would have refused: Storage requests answered 401/403 by the
   * enforcing emulator, and Pub/Sub or Firestore calls outside the deploy plan's grants
   * (one line each, naming function, call and permission). A pass needs none.
   */
  iam: { storageRefused: number; callViolations: string[] };
}

/**
 * Drives photos from many users through the whole local stack while Storage fails
 * requests with 503, Telegram answers 429 and 500, the matting process is killed
 * mid-photo and restarted, the sender's push endpoint is down for a while, Telegram
 * never answers the first sendSticker of each chat, and the sender is killed once between
 * Telegram sending a sticker and the sender recording it. Every
 * photo must end in exactly one answer: pass = 0 lost, 0 duplicates.
 */
export async function runFaultSuite(
  profile: FaultProfile,
  log: (line: string) => void = () => undefined,
): Promise<FaultResult> {
  const chaos: string[] = [];
  const note = (s: string) => {
    chaos.push(s);
    log(s);
  };
  let stack: Stack | undefined;
  try {
    let storage503 = 0;
    let storageRefused = 0;
    stack = await startStack({
      delivery: { initialBackoffMs: 200, maxBackoffMs: 3000, maxAttempts: 40 },
      timeouts: { sender: profile.senderTimeoutSeconds, deadLetter: profile.senderTimeoutSeconds },
      onLine: (source, line) => {
        if (source === 'storage' && line.includes('"fault injected"')) storage503++;
        if (source === 'storage' && /"status":40[13]\b/.test(line)) storageRefused++;
      },
    });
    const s = stack;
    s.storage.setFaults({ errorRate: profile.storageErrorRate, seed: profile.seed });
    const restarts: Promise<void>[] = [];
    s.telegram!.setFaults({
      rate429: profile.telegram429,
      rate500: profile.telegram500,
      retryAfter: profile.retryAfterSeconds,
      seed: profile.seed,
      ...(profile.hangFirstStickerPerChat && { hangFirstPerChat: ['sendSticker'] }),
      ...(profile.killSenderMidSend && {
        beforeAnswer: {
          method: 'sendSticker',
          hook: (chatId: number) => {
            s.functions.sender.kill();
            note(`sender killed (SIGKILL) after Telegram sent chat ${chatId} its sticker`);
            restarts.push(
              new Promise((r) => setTimeout(r, 1000)).then(() => s.functions.sender.restart()),
            );
            return Promise.resolve();
          },
        },
      }),
    });
    note(
      `faults on: Storage 503 ${profile.storageErrorRate * 100}%, Telegram 429 ${profile.telegram429 * 100}% (retry_after ${profile.retryAfterSeconds}s), 500 ${profile.telegram500 * 100}%`,
    );
    const pending: Promise<void>[] = [];
    const killAt = Math.floor(profile.photos * profile.killMattingAt);
    const downAt = Math.floor(profile.photos * profile.senderDownAt);
    const sent = await sendPhotos(
      s,
      { count: profile.photos, users: profile.users, ratePerSec: profile.ratePerSec },
      (p) => {
        if (p.index === killAt) {
          pending.push(
            (async () => {
              // Wait until matting is busy with a photo, then kill it mid-work.
              const busySince = s.functions.matting.logs.length;
              const until = Date.now() + 5000;
              while (s.functions.matting.logs.length === busySince && Date.now() < until) {
                await new Promise((r) => setTimeout(r, 5));
              }
              s.functions.matting.kill();
              note(`matting killed (SIGKILL) after photo ${p.index + 1}`);
              await new Promise((r) => setTimeout(r, profile.mattingDownMs));
              await s.functions.matting.restart();
              note(`matting restarted after ${profile.mattingDownMs} ms`);
            })(),
          );
        }
        if (p.index === downAt) {
          pending.push(
            (async () => {
              await s.functions.sender.stop();
              note(`sender down after photo ${p.index + 1}`);
              await new Promise((r) => setTimeout(r, profile.senderDownMs));
              await s.functions.sender.restart();
              note(`sender back after ${profile.senderDownMs} ms`);
            })(),
          );
        }
      },
    );
    await Promise.all(pending);
    const tally = await collect(s, sent, { deadlineMs: profile.deadlineMs, settleMs: 5000 });
    await Promise.all(restarts);
    const codes = s.telegram!.calls().map((c) => c.response.error_code);
    const counts = s.telegram!.faultCounts();
    const injected = {
      storage503,
      telegram429: codes.filter((c) => c === 429).length,
      telegram500: codes.filter((c) => c === 500).length,
      hungSendSticker: counts.hung,
      senderKilledMidSend: counts.beforeAnswer,
    };
    note(`faults injected: ${JSON.stringify(injected)}`);
    for (const p of [...tally.lostPhotos, ...tally.duplicatePhotos]) note(traceOf(s, p));
    const callViolations = formatViolations(s.callViolations()).split('\n').filter(Boolean);
    for (const v of callViolations) note(`IAM would refuse: ${v}`);
    if (storageRefused > 0) note(`Storage refused ${storageRefused} requests (401/403)`);
    return { ...tally, chaos, injected, iam: { storageRefused, callViolations } };
  } finally {
    await stack?.stop();
  }
}

/** Where one photo got to: its log lines in every function and its webhook delivery. */
function traceOf(s: Stack, p: SentPhoto): string {
  const { updateId } = p;
  const lines: string[] = [`update ${updateId} (chat ${p.userId}, message ${p.messageId}):`];
  for (const m of s.telegram?.sentMessages(p.userId) ?? []) {
    if (m.replyToMessageId !== p.messageId) continue;
    lines.push(`  answer at +${m.at - p.sentAt} ms: ${m.method} ${m.text ?? ''}`);
  }
  const d = s.telegram?.webhookDeliveries().find((w) => w.updateId === updateId);
  lines.push(`  telegram webhook delivery: ${JSON.stringify(d ?? null)}`);
  for (const f of Object.values(s.functions)) {
    for (const l of f.logs.filter((x) => x.updateId === updateId)) {
      const extra = ['source', 'deliveryAttempts', 'eventId', 'err']
        .filter((k) => l[k] !== undefined)
        .map((k) => `${k}=${JSON.stringify(l[k]).slice(0, 160)}`)
        .join(' ');
      lines.push(`  ${f.name}: ${String(l.severity)} ${String(l.message)} ${extra}`);
    }
  }
  return lines.join('\n');
}

/** The result as the counts a person reads. */
export function formatFaultResult(r: FaultResult): string {
  return [
    `photos sent:       ${r.photos}`,
    `stickers received: ${r.stickers}`,
    `apologies:         ${r.apologies}`,
    `other answers:     ${r.otherAnswers}`,
    `duplicates:        ${r.duplicates}`,
    `lost:              ${r.lost}`,
    `IAM refusals:      ${r.iam.storageRefused + r.iam.callViolations.length}`,
  ].join('\n');
}
