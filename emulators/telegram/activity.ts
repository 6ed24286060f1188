/**
 * A live feed of what happens in the emulator (updates the users queue, calls
 * the bot makes, messages it sends and edits, reactions it sets, sticker sets it
 * changes, timings the local stack reports), so that
 * an observer such as the chat page can follow a chat as it happens instead of
 * polling the recorder.
 */
import type { SetChange } from './sticker-sets.js';
import type { RawUpdate } from './updates.js';
import type {
  RecordedCall,
  RecordedEdit,
  RecordedReaction,
  SentMessage,
  UpdateAnnotation,
} from './types.js';

/** One thing that happened, in the order it happened. */
export type Activity =
  | { kind: 'queued'; update: RawUpdate; at: number }
  | { kind: 'call'; call: RecordedCall }
  | { kind: 'sent'; message: SentMessage }
  | { kind: 'reaction'; reaction: RecordedReaction }
  | { kind: 'edited'; edit: RecordedEdit }
  | { kind: 'sticker-set'; change: SetChange; at: number }
  | { kind: 'annotation'; updateId: number; note: UpdateAnnotation; at: number };

/** Synchronous fan-out; a listener that throws cannot break the emulator or other listeners. */
export class ActivityFeed {
  private readonly listeners = new Set<(activity: Activity) => void>();

  /** Starts listening; call the returned function to stop. */
  subscribe(listener: (activity: Activity) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(activity: Activity): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(activity);
      } catch {
        /* an observer's bug must not fail the Bot API call that triggered it */
      }
    }
  }
}
