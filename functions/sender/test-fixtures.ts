import type { Server } from 'node:http';
import type { CloudEvent } from '@google-cloud/functions-framework';
import { createLogger } from '../../shared/log';
import { encodeReply, type ReplyMessageInput } from '../../shared/reply-message';
import type { ObjectStore } from '../../shared/storage';
import { cloudEventTestServer, postPublished } from '../../shared/testing';
import { REPLIES_TOPIC } from '../../shared/topics';
import type { MessagePublishedData, SenderBotApi, SenderDeps } from './handler';

/**
 * What the sender's tests share: the bucket, the sticker reply most of them deliver,
 * a test server around either entry point, and the push that Eventarc would make.
 */
export const BUCKET = 'stickers-test';

/** A sticker for chat 77, update 5001, replying to message 10. */
export const STICKER: Extract<ReplyMessageInput, { kind: 'sticker' }> = {
  v: 1,
  kind: 'sticker',
  chatId: 77,
  replyTo: 10,
  updateId: 5001,
  bucket: BUCKET,
  object: '77/5001.webp',
};

type Handler = (event: CloudEvent<MessagePublishedData>) => Promise<void>;

/**
 * A Functions Framework test server around `create` (the sender or the dead-letter
 * entry point), built on `store` and the fake Bot API, with its own logger.
 */
export function senderTestServer(
  name: 'sender' | 'dead-letter',
  create: (deps: SenderDeps) => Handler,
  deps: { store: ObjectStore; telegram: SenderBotApi } & Partial<SenderDeps>,
): Server {
  const handler = create({
    config: { stickersBucket: BUCKET },
    log: createLogger({ function: name }),
    ...deps,
  });
  return cloudEventTestServer<MessagePublishedData>(`${name}-test`, handler);
}

/** A messagePublished CloudEvent in binary mode, as Eventarc delivers a reply to the sender. */
export function publishReply(
  url: string,
  reply: ReplyMessageInput | string,
  id = 'm1',
): Promise<Response> {
  const data = typeof reply === 'string' ? Buffer.from(reply) : encodeReply(reply).data;
  return postPublished(url, REPLIES_TOPIC, 'sticker-sender', { data, id });
}
