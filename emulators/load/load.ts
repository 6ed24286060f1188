import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EVAL_DIR } from '../../shared/testing';
import type { Stack } from '../stack/stack';
import type { SentMessage } from '../telegram/server';

/** Real photos of people from ../shared/eval, or a loud error when the folder is missing. */
export function evalPhotos(dir = EVAL_DIR): { name: string; data: Buffer }[] {
  if (!existsSync(dir)) {
    throw new Error(
      `evaluation photos missing: ${dir} (the load and fault runs need ../shared/eval)`,
    );
  }
  const out: { name: string; data: Buffer }[] = [];
  for (const set of readdirSync(dir).sort()) {
    const sub = path.join(dir, set);
    if (!existsSync(sub) || !readdirSync(sub).length) continue;
    for (const f of readdirSync(sub).sort()) {
      if (/^\d+\.(jpe?g|png)$/i.test(f)) {
        out.push({ name: `${set}/${f}`, data: readFileSync(path.join(sub, f)) });
      }
    }
  }
  if (out.length === 0) throw new Error(`no photos under ${dir}`);
  return out;
}

export interface SentPhoto {
  index: number;
  userId: number;
  messageId: number;
  updateId: number;
  photo: string;
  sentAt: number;
}

export interface Tally {
  photos: number;
  stickers: number;
  apologies: number;
  otherAnswers: number;
  duplicates: number;
  lost: number;
  /** photo sent → first answer received, ms, per answered photo */
  latencies: number[];
  firstSentAt: number;
  lastAnsweredAt: number;
  /** the photos that got no answer, and those answered more than once */
  lostPhotos: SentPhoto[];
  duplicatePhotos: SentPhoto[];
}

/**
 * Sends `count` photos as `users` different Telegram users at `ratePerSec` (photo i from
 * user i mod users), calling `onSent` after each so a caller can inject chaos at a point
 * of the run. Resolves once every photo has been handed to the Telegram emulator.
 */
export async function sendPhotos(
  stack: Stack,
  opts: { count: number; users: number; ratePerSec: number; firstUserId?: number },
  onSent?: (sent: SentPhoto) => void | Promise<void>,
): Promise<SentPhoto[]> {
  const tg = stack.telegram;
  if (!tg) throw new Error('the load driver needs the local Telegram emulator');
  const photos = evalPhotos();
  const first = opts.firstUserId ?? 10_000;
  const start = Date.now();
  const sent: SentPhoto[] = [];
  for (let i = 0; i < opts.count; i++) {
    const due = start + (i * 1000) / opts.ratePerSec;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const photo = photos[i % photos.length]!;
    const userId = first + (i % opts.users);
    const sentAt = Date.now();
    const update = await tg.sendPhoto(
      { userId, firstName: `User${i % opts.users}`, languageCode: 'en' },
      photo.data,
    );
    const s = {
      index: i,
      userId,
      messageId: update.message.message_id,
      updateId: update.update_id,
      photo: photo.name,
      sentAt,
    };
    sent.push(s);
    await onSent?.(s);
  }
  return sent;
}

/** The answers the bot sent to one photo (replies to its message in its chat). */
function answersTo(all: SentMessage[], p: SentPhoto): SentMessage[] {
  return all.filter((m) => m.chatId === p.userId && m.replyToMessageId === p.messageId);
}

/**
 * Waits until every photo has an answer or `deadlineMs` passes, then `settleMs` more so
 * that a wrong second answer has time to show up, and counts what arrived.
 */
export async function collect(
  stack: Stack,
  sent: SentPhoto[],
  opts: { deadlineMs: number; settleMs: number },
): Promise<Tally> {
  const tg = stack.telegram!;
  const deadline = Date.now() + opts.deadlineMs;
  while (Date.now() < deadline) {
    const all = tg.sentMessages();
    if (sent.every((p) => answersTo(all, p).length > 0)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, opts.settleMs));
  const all = tg.sentMessages();
  const tally: Tally = {
    photos: sent.length,
    stickers: 0,
    apologies: 0,
    otherAnswers: 0,
    duplicates: 0,
    lost: 0,
    latencies: [],
    firstSentAt: Math.min(...sent.map((s) => s.sentAt)),
    lastAnsweredAt: 0,
    lostPhotos: [],
    duplicatePhotos: [],
  };
  for (const p of sent) {
    const answers = answersTo(all, p).sort((a, b) => a.at - b.at);
    if (answers.length === 0) {
      tally.lost++;
      tally.lostPhotos.push(p);
      continue;
    }
    if (answers.length > 1) {
      tally.duplicates++;
      tally.duplicatePhotos.push(p);
    }
    const a = answers[0]!;
    if (a.method === 'sendSticker') tally.stickers++;
    else if (/went wrong/.test(a.text ?? '')) tally.apologies++;
    else tally.otherAnswers++;
    tally.latencies.push(a.at - p.sentAt);
    tally.lastAnsweredAt = Math.max(tally.lastAnsweredAt, a.at);
  }
  return tally;
}

/** The q-quantile (0..1) of `values`, nearest rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
