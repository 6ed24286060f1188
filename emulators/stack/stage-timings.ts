import type { UpdateAnnotation } from '../telegram/types';

/** A stage timing for one update, read from a function's log line. */
export interface StageTiming extends UpdateAnnotation {
  updateId: number;
}

/** Log message of each function that closes a stage, with the stage it closes. */
const STAGE_LINES: Record<string, Record<string, string>> = {
  webhook: { 'update handled': 'webhook' },
  matting: { 'reply published': 'matting' },
  sender: { 'reply delivered': 'sender' },
};
/** The matting's finer steps, logged together on its 'sticker made' line. */
const MATTING_STEPS = {
  decodeMs: 'decode',
  segmentMs: 'segment',
  matteMs: 'matte',
  composeMs: 'compose',
} as const;

/**
 * Where the time went for one photo, from the JSON lines the functions already log
 * (update id and `ms` on the line that closes each stage), so the local stack can show
 * per-stage timings on the chat page without the functions knowing about it.
 */
export function stageTimingsFromLog(source: string, line: string): StageTiming[] {
  if (!line.startsWith('{')) return [];
  let o: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null) return [];
    o = parsed as Record<string, unknown>;
  } catch {
    return [];
  }
  const updateId = Number(o.updateId);
  if (!Number.isSafeInteger(updateId) || typeof o.message !== 'string') return [];
  const at = (stage: string, ms: unknown): StageTiming[] =>
    typeof ms === 'number' && Number.isFinite(ms) ? [{ updateId, stage, ms }] : [];
  if (source === 'matting' && o.message === 'sticker made') {
    return Object.entries(MATTING_STEPS).flatMap(([field, stage]) => at(stage, o[field]));
  }
  const stage = STAGE_LINES[source]?.[o.message];
  return stage ? at(stage, o.ms) : [];
}
