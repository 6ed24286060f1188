/**
 * The chat page's live feed: turns the emulator's activity (updates queued by users,
 * messages, edits, reactions and chat actions from the bot, callback answers, changed
 * sticker sets, stage timings) into Server-Sent Events for the browsers watching each
 * chat, and keeps per-update timings so a page that connects late (or reloads) sees the
 * whole conversation again.
 */
import type { ServerResponse } from 'node:http';
import type { Message, ReactionType } from 'telegraf/types';
import type { Activity, ActivityFeed } from './activity.js';
import type { CallbackQueries } from './callback-queries.js';
import { toMessageView, type TimingView } from './chat-view.js';
import type { MessageReactions } from './reactions.js';
import type { Store } from './store.js';
import type { RecordedCall } from './types.js';

/** Comment line sent this often so proxies and browsers keep an idle stream open. */
const KEEPALIVE_MS = 15_000;

interface Client {
  chatId: number;
  res: ServerResponse;
}

interface QueuedMessage {
  chatId: number;
  messageId: number;
  at: number;
}

/** Fans the emulator's activity out to the browsers watching each chat. */
export class ChatStream {
  private readonly clients = new Set<Client>();
  private readonly queued = new Map<number, QueuedMessage>();
  private readonly updateOfMessage = new Map<string, number>();
  private readonly timings = new Map<number, TimingView>();
  private readonly unsubscribe: () => void;
  private readonly keepalive: NodeJS.Timeout;

  constructor(
    private readonly deps: {
      activity: ActivityFeed;
      store: Store;
      queries: CallbackQueries;
      reactions: MessageReactions;
    },
  ) {
    this.unsubscribe = deps.activity.subscribe((a) => this.onActivity(a));
    this.keepalive = setInterval(() => {
      for (const c of this.clients) c.res.write(': keepalive\n\n');
    }, KEEPALIVE_MS);
    this.keepalive.unref();
  }

  /** Opens an event stream for one chat: `hello`, the history so far, `ready`, then live events. */
  open(res: ServerResponse, chatId: number, hello: Record<string, unknown>): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 1000\n\n');
    const client: Client = { chatId, res };
    send(client, 'hello', hello);
    const messages = [...(this.deps.store.chat(chatId)?.messages.values() ?? [])];
    messages.sort((a, b) => a.message_id - b.message_id);
    for (const m of messages) send(client, 'message', toMessageView(m));
    for (const m of messages) {
      const reaction = this.deps.reactions.get(chatId, m.message_id);
      if (reaction.length > 0) send(client, 'reaction', reactionEvent(m.message_id, reaction));
    }
    for (const t of this.timings.values()) if (t.chatId === chatId) send(client, 'timing', t);
    send(client, 'ready', { messages: messages.length });
    this.clients.add(client);
    res.on('close', () => this.clients.delete(client));
  }

  /** Ends every stream, so the emulator's server can close. */
  close(): void {
    this.unsubscribe();
    clearInterval(this.keepalive);
    for (const c of this.clients) c.res.end();
    this.clients.clear();
  }

  private onActivity(a: Activity): void {
    switch (a.kind) {
      case 'queued': {
        // The user edited a caption: redraw that message where it is.
        const edited = a.update.edited_message as Message | undefined;
        if (edited?.chat) return this.emit(edited.chat.id, 'edited', toMessageView(edited));
        const message = a.update.message as Message | undefined;
        if (!message?.chat) return;
        const key = `${message.chat.id}:${message.message_id}`;
        if (!this.updateOfMessage.has(key)) {
          this.updateOfMessage.set(key, a.update.update_id);
          this.queued.set(a.update.update_id, {
            chatId: message.chat.id,
            messageId: message.message_id,
            at: a.at,
          });
        }
        this.emit(message.chat.id, 'message', toMessageView(message, a.at));
        return;
      }
      case 'sent': {
        const { message } = a;
        this.emit(message.chatId, 'message', toMessageView(message.message, message.at));
        const updateId =
          message.replyToMessageId !== undefined &&
          this.updateOfMessage.get(`${message.chatId}:${message.replyToMessageId}`);
        if (updateId) this.noteReply(updateId, message.at);
        return;
      }
      case 'call':
        return this.onCall(a.call);
      case 'reaction': {
        const r = a.reaction;
        return this.emit(
          a.reaction.chatId,
          'reaction',
          reactionEvent(r.messageId, r.reaction, r.isBig),
        );
      }
      case 'edited':
        return this.emit(a.edit.chatId, 'edited', toMessageView(a.edit.message));
      case 'sticker-set':
        // A user's sets show in their private chat, whose id is the user's id.
        return this.emit(a.change.ownerId, 'set', a.change);
      case 'annotation': {
        const timing = this.timingOf(a.updateId);
        if (!timing) return;
        timing.stages[a.note.stage] = Math.round(a.note.ms);
        this.emit(timing.chatId, 'timing', timing);
        return;
      }
    }
  }

  private onCall(call: RecordedCall): void {
    if (call.method === 'answerCallbackQuery') {
      const id = call.params.callback_query_id;
      const query = typeof id === 'string' ? this.deps.queries.get(id) : undefined;
      if (!call.response.ok || !query?.answer) return;
      this.emit(query.chatId, 'answer', {
        queryId: query.id,
        messageId: query.messageId,
        data: query.data,
        ...query.answer,
      });
      return;
    }
    const chatId = Number(call.params.chat_id);
    if (!Number.isSafeInteger(chatId)) return;
    if (!call.response.ok) {
      this.emit(chatId, 'notice', {
        text: `${call.method} failed: ${call.response.description ?? 'error'}`,
      });
    } else if (call.method === 'sendChatAction') {
      this.emit(chatId, 'action', { action: String(call.params.action), at: call.at });
    }
  }

  /** Total time for a photo: from its update being queued to the bot's first reply. */
  private noteReply(updateId: number, at: number): void {
    const timing = this.timingOf(updateId);
    const queued = this.queued.get(updateId);
    if (!timing || !queued || timing.totalMs !== undefined) return;
    timing.totalMs = Math.max(0, at - queued.at);
    this.emit(timing.chatId, 'timing', timing);
  }

  private timingOf(updateId: number): TimingView | undefined {
    const known = this.timings.get(updateId);
    if (known) return known;
    const queued = this.queued.get(updateId);
    if (!queued) return undefined;
    const timing: TimingView = {
      updateId,
      chatId: queued.chatId,
      messageId: queued.messageId,
      stages: {},
    };
    this.timings.set(updateId, timing);
    return timing;
  }

  private emit(chatId: number, event: string, data: unknown): void {
    for (const c of this.clients) if (c.chatId === chatId) send(c, event, data);
  }
}

function send(client: Client, event: string, data: unknown): void {
  client.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** What the page needs to draw the bot's reaction under a message. */
function reactionEvent(messageId: number, reaction: ReactionType[], isBig = false) {
  const emoji = reaction.flatMap((r) => (r.type === 'emoji' ? [r.emoji] : []));
  return { messageId, emoji, isBig };
}
