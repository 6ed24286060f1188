/**
 * A record of each Pub/Sub and Firestore call a function makes, for the local stack only:
 * the official emulators of those services let every caller do everything, so the stack
 * checks these records against the deploy plan's grants instead (emulators/iam/calls.ts).
 * Written as one JSON line on stdout, like every log line, and only when the stack asks
 * for it (RECORD_GOOGLE_API_CALLS=1); in the cloud nothing is recorded.
 */
import { emulatorServiceAccount } from './emulator-identity';

/** The setting that turns recording on (the local stack sets it). */
export const RECORD_GOOGLE_API_CALLS = 'RECORD_GOOGLE_API_CALLS';

/** The message of a record's line. */
export const API_CALL_MESSAGE = 'google api call';

/** What a call was about: a topic, or a Firestore database. */
export type ApiCallTarget =
  { service: 'pubsub'; topic: string } | { service: 'datastore'; database: string };

/** One call: what it did and the permissions IAM requires for it. */
export interface ApiCall {
  /** e.g. `topics.publish`, `chatSettings (get)` */
  method: string;
  permissions: readonly string[];
  target: ApiCallTarget;
}

/** The line a record is, with the account the call was made as. */
export interface RecordedApiCall extends ApiCall {
  principal?: string;
}

/** Records one call, when recording is on. */
export function recordApiCall(call: ApiCall, env: NodeJS.ProcessEnv = process.env): void {
  if (env[RECORD_GOOGLE_API_CALLS] !== '1') return;
  const record: RecordedApiCall = { ...call, principal: emulatorServiceAccount(env) };
  process.stdout.write(
    `${JSON.stringify({ severity: 'DEBUG', message: API_CALL_MESSAGE, apiCall: record })}\n`,
  );
}
