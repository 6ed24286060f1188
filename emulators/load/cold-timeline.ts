import type { FunctionProcess } from '../stack/functions';

/** One function of the chain as the cold photo met it. */
export interface WokenFunction {
  fn: FunctionProcess;
  /** when the photo's request reached its port and the process was spawned (epoch ms) */
  connectedAt: number | undefined;
  /** spawn → listening of that process */
  startMs: number;
}

/** Where the cold photo's time went; every figure in ms, null when a mark was not seen. */
export interface ColdTimeline {
  /** the critical path cut into consecutive steps; they add up to the whole */
  phases: Record<string, number | null>;
  /** what happened off that path or inside a step, in ms since the photo was posted */
  marks: Record<string, number | null>;
  /** the finer figures the functions log for their first request */
  details: Record<string, unknown>;
}

/** Epoch ms of a function's JSON log line (the logger's `time` field). */
function timeOf(line: Record<string, unknown>): number | undefined {
  const t = typeof line.time === 'string' ? Date.parse(line.time) : NaN;
  return Number.isFinite(t) ? t : undefined;
}

/** Lines about the process, not about one update. */
const PROCESS_LINES = new Set(['handler ready', 'firestore channel open', 'model loaded']);

/** The first line with `message` the process woken at `since` printed (for `updateId`). */
function lineOf(
  w: WokenFunction,
  message: string,
  updateId?: number,
): Record<string, unknown> | undefined {
  const since = w.connectedAt;
  if (since === undefined) return undefined;
  return w.fn.logs.find(
    (l) =>
      l.message === message &&
      (timeOf(l) ?? 0) >= since &&
      (updateId === undefined || Number(l.updateId) === updateId),
  );
}

/** The marks of one function: woken, listening, and its log lines named in `lines`. */
function marksOf(
  name: string,
  w: WokenFunction,
  lines: Record<string, string>,
  updateId: number,
): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = {
    [`${name}.woken`]: w.connectedAt,
    [`${name}.listening`]: w.connectedAt === undefined ? undefined : w.connectedAt + w.startMs,
  };
  for (const [mark, message] of Object.entries(lines)) {
    const l = lineOf(w, message, PROCESS_LINES.has(message) ? undefined : updateId);
    out[`${name}.${mark}`] = l && timeOf(l);
  }
  return out;
}

/**
 * The critical path of one photo through the cold chain: each phase ends at a mark, and
 * lasts from the end of the phase before (or the mark, if later) to it; a mark passed
 * already (a function woken earlier, a handler ready before its first request) makes its
 * phase 0. So the phases add up to posted → received.
 */
const PATH: [string, string][] = [
  ['telegram → webhook (webhook POST)', 'webhook.woken'],
  ['webhook spawn → listening', 'webhook.listening'],
  ['webhook listening → handler ready', 'webhook.ready'],
  ['webhook first update (Firestore, getFile, download, upload) + Eventarc', 'matting.woken'],
  ['matting spawn → listening', 'matting.listening'],
  ['matting listening → handler ready', 'matting.ready'],
  ['matting read + model + inference → sticker', 'matting.made'],
  ['matting publish (first Pub/Sub call)', 'matting.published'],
  ['Pub/Sub push → sender', 'sender.woken'],
  ['sender spawn → listening', 'sender.listening'],
  ['sender listening → handler ready', 'sender.ready'],
  ['sender first reply → delivered', 'sender.delivered'],
  ['delivered → sticker seen by the user', 'received'],
];

/**
 * The cold photo's timeline, from the wake-up of each function (the bench saw the
 * connection) and the JSON lines the functions log anyway (their `time`): the same clock,
 * as everything runs on this machine.
 */
export function coldTimeline(
  woken: { webhook: WokenFunction; matting: WokenFunction; sender: WokenFunction },
  photo: { updateId: number; sentAt: number; receivedAt: number },
): ColdTimeline {
  const { updateId } = photo;
  const at: Record<string, number | undefined> = {
    posted: photo.sentAt,
    ...marksOf(
      'webhook',
      woken.webhook,
      {
        ready: 'handler ready',
        firestoreOpen: 'firestore channel open',
        stored: 'upload stored',
        handled: 'update handled',
      },
      updateId,
    ),
    ...marksOf(
      'matting',
      woken.matting,
      {
        ready: 'handler ready',
        modelLoaded: 'model loaded',
        made: 'sticker made',
        published: 'reply published',
      },
      updateId,
    ),
    ...marksOf(
      'sender',
      woken.sender,
      { ready: 'handler ready', delivered: 'reply delivered' },
      updateId,
    ),
    received: photo.receivedAt,
  };
  const since = (k: string) => (at[k] === undefined ? null : at[k] - photo.sentAt);
  const phases: Record<string, number | null> = {};
  let now = photo.sentAt;
  for (const [phase, mark] of PATH) {
    const t = at[mark];
    phases[phase] = t === undefined ? null : Math.max(0, t - now);
    if (t !== undefined) now = Math.max(now, t);
  }
  const marks = Object.fromEntries(Object.keys(at).map((k) => [k, since(k)] as const));
  const stored = lineOf(woken.webhook, 'upload stored', updateId);
  const made = lineOf(woken.matting, 'sticker made', updateId);
  const opened = lineOf(woken.webhook, 'firestore channel open');
  const details = {
    webhook_upload_ms: stored?.ms ?? null,
    webhook_firestore_first_call_ms: opened?.ms ?? null,
    matting_steps_ms: made
      ? { decode: made.decodeMs, segment: made.segmentMs, matte: made.matteMs }
      : null,
  };
  return { phases, marks, details };
}

/** The timeline as lines for the bench's report. */
export function describeTimeline(t: ColdTimeline): string {
  const rows = Object.entries(t.phases).map(
    ([phase, ms]) => `  ${String(ms ?? '-').padStart(6)} ms  ${phase}`,
  );
  const off = ['webhook.firestoreOpen', 'webhook.stored', 'matting.modelLoaded', 'sender.woken']
    .map((k) => `${k} at ${String(t.marks[k] ?? '-')} ms`)
    .join(', ');
  return [...rows, `  (off the path: ${off}; ${JSON.stringify(t.details)})`].join('\n');
}
