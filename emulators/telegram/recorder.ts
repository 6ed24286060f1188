/**
 * What the bot did, kept for assertions: every call in order, every message
 * sent, every reaction set and keyboard edited, and waiters for messages that
 * have not been sent yet.
 */
import type { Activity } from './activity.js';
import type { RecordedCall, RecordedEdit, RecordedReaction, SentMessage } from './types.js';

interface Waiter {
  pred: (m: SentMessage) => boolean;
  resolve: (m: SentMessage) => void;
  reject: (err: Error) => void;
}

/** Append-only log of calls and sent messages. */
export class Recorder {
  private readonly recorded: RecordedCall[] = [];
  private readonly sent: SentMessage[] = [];
  private readonly reactionLog: RecordedReaction[] = [];
  private readonly editLog: RecordedEdit[] = [];
  private readonly waiters = new Set<Waiter>();

  /** `observe` sees each call and message as it is recorded (the chat page follows them live). */
  constructor(private readonly observe: (activity: Activity) => void = () => undefined) {}

  call(call: RecordedCall): void {
    this.keep(this.recorded, call, { kind: 'call', call });
  }

  /** Records a sent message and wakes the waiters it satisfies. */
  message(message: SentMessage): void {
    this.keep(this.sent, message, { kind: 'sent', message });
    for (const waiter of [...this.waiters]) {
      if (!waiter.pred(message)) continue;
      this.waiters.delete(waiter);
      waiter.resolve(message);
    }
  }

  reaction(reaction: RecordedReaction): void {
    this.keep(this.reactionLog, reaction, { kind: 'reaction', reaction });
  }

  edit(edit: RecordedEdit): void {
    this.keep(this.editLog, edit, { kind: 'edited', edit });
  }

  reactions(chatId?: number): RecordedReaction[] {
    return inChat(this.reactionLog, chatId);
  }

  edits(chatId?: number): RecordedEdit[] {
    return inChat(this.editLog, chatId);
  }

  calls(): RecordedCall[] {
    return [...this.recorded];
  }

  sentMessages(chatId?: number): SentMessage[] {
    return inChat(this.sent, chatId);
  }

  /** First message matching `pred`, looking at those already sent before waiting. */
  waitFor(pred: (m: SentMessage) => boolean, timeoutMs: number): Promise<SentMessage> {
    const already = this.sent.find(pred);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiter.reject(new Error(`waitForMessage: no matching message within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = {
        pred,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (err) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          reject(err);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Appends `item` to its log and shows it to the observer. */
  private keep<T>(log: T[], item: T, activity: Activity): void {
    log.push(item);
    this.observe(activity);
  }

  /** Fails every pending wait, so a test does not hang on a closed emulator. */
  close(): void {
    for (const waiter of [...this.waiters])
      waiter.reject(new Error('waitForMessage: emulator closed'));
  }
}

/** The entries of `log` in chat `chatId`, or all of them (a copy either way). */
function inChat<T extends { chatId: number }>(log: T[], chatId?: number): T[] {
  return log.filter((entry) => chatId === undefined || entry.chatId === chatId);
}
