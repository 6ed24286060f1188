import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { evalPath } from '../../shared/testing';
import type { SentMessage, TelegramEmulator } from '../telegram/server';

/** Helpers of the end-to-end tests on the local stack. */

/** A photo of the evaluation set, e.g. 'ccp/001.jpg'; a loud error when it is missing. */
export function evalPhoto(rel: string): Buffer {
  return readFileSync(evalPath(rel));
}

export async function replyTo(
  tg: TelegramEmulator,
  chatId: number,
  messageId: number,
): Promise<SentMessage> {
  return tg.waitForMessage((m) => m.chatId === chatId && m.replyToMessageId === messageId, 60_000);
}

/** Checks the Telegram static sticker rules and that the person, not the background, is kept. */
export async function assertPersonSticker(m: SentMessage): Promise<void> {
  assert.equal(m.method, 'sendSticker', `expected a sticker, got ${m.method}: ${m.text ?? ''}`);
  const data = m.file?.data;
  assert.ok(data && data.length > 0);
  assert.ok(data.length <= 512 * 1024, `sticker is ${data.length} bytes`);
  const meta = await sharp(data).metadata();
  assert.equal(meta.format, 'webp');
  assert.equal(Math.max(meta.width, meta.height), 512);
  assert.ok(Math.min(meta.width, meta.height) <= 512);
  const { data: px, info } = await sharp(data)
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const a = (x: number, y: number) => px[(y * info.width + x) * 4 + 3]!;
  const W = info.width - 1;
  const H = info.height - 1;
  for (const [x, y] of [
    [0, 0],
    [W, 0],
    [0, H],
    [W, H],
  ] as const) {
    assert.equal(a(x, y), 0, `corner ${x},${y} is transparent`);
  }
  let opaque = 0;
  let transparent = 0;
  for (let i = 3; i < px.length; i += 4) {
    if (px[i]! >= 250) opaque++;
    else if (px[i]! === 0) transparent++;
  }
  const total = info.width * info.height;
  assert.ok(
    opaque / total > 0.25,
    `the person is opaque (${((100 * opaque) / total).toFixed(1)}% opaque)`,
  );
  assert.ok(
    transparent / total > 0.1,
    `the background is cut away (${((100 * transparent) / total).toFixed(1)}%)`,
  );
  // the middle of a person photo, after trimming, is the person
  assert.equal(a(Math.floor(info.width / 2), Math.floor(info.height / 2)), 255, 'centre is opaque');
}
