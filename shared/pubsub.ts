import { PubSub } from '@google-cloud/pubsub';
import { recordApiCall } from './api-calls';
import { classifyCloudError } from './errors';
import { encodeReply, type ReplyMessageInput } from './reply-message';

/** Publishes one validated reply; resolves with the Pub/Sub message id. */
export type PublishReply = (reply: ReplyMessageInput) => Promise<string>;

/**
 * A publisher for `sticker-replies`. Batching is cut to one message so a reply leaves
 * at once (latency matters more than throughput here). The client talks to the
 * emulator when PUBSUB_EMULATOR_HOST is set.
 */
export function createReplyPublisher(opts: { projectId?: string; topic: string }): PublishReply {
  const pubsub = new PubSub(opts.projectId ? { projectId: opts.projectId } : {});
  const topic = pubsub.topic(opts.topic, {
    batching: { maxMessages: 1, maxMilliseconds: 5 },
  });
  return async (reply) => {
    const { data, attributes } = encodeReply(reply);
    recordApiCall({
      method: 'topics.publish',
      permissions: ['pubsub.topics.publish'],
      target: { service: 'pubsub', topic: opts.topic },
    });
    try {
      return await topic.publishMessage({ data, attributes });
    } catch (err) {
      throw classifyCloudError(err, `publish to ${opts.topic}`);
    }
  };
}
