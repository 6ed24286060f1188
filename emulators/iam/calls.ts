/**
 * The check of step 4 of the local IAM: the official Pub/Sub and Firestore emulators let
 * every caller do everything, so each call the functions made (recorded by their own client
 * modules, shared/api-calls.ts) is checked afterwards against the deploy plan's grants. A
 * call whose account lacks a permission is reported naming the function, the call and the
 * permission, and the run that made it fails.
 */
import { API_CALL_MESSAGE, type RecordedApiCall } from '../../shared/api-calls';
import type { FunctionAccounts } from './local-plan';
import type { IamPolicy } from './policy';

/** A recorded call that IAM would have refused. */
export interface CallViolation {
  function: string;
  call: string;
  permission: string;
  resource: string;
  principal?: string;
}

/** The recorded calls among a function's parsed log lines. */
export function recordedCalls(logs: readonly Record<string, unknown>[]): RecordedApiCall[] {
  return logs
    .filter((l) => l.message === API_CALL_MESSAGE && typeof l.apiCall === 'object')
    .map((l) => l.apiCall as RecordedApiCall);
}

/**
 * Every permission a recorded call needed and its account did not hold; a call made as
 * another account than the function's deployed one (or as none) counts against all of its
 * permissions.
 */
export function callViolations(
  policy: IamPolicy,
  accounts: FunctionAccounts,
  logsByFunction: Partial<Record<keyof FunctionAccounts, readonly Record<string, unknown>[]>>,
): CallViolation[] {
  const out: CallViolation[] = [];
  for (const [fn, logs] of Object.entries(logsByFunction)) {
    const account = accounts[fn as keyof FunctionAccounts];
    for (const call of recordedCalls(logs ?? [])) {
      const t = call.target;
      const resource =
        t.service === 'pubsub'
          ? `projects/${policy.project}/topics/${t.topic}`
          : `projects/${policy.project}/databases/${t.database}`;
      for (const permission of call.permissions) {
        const member = call.principal === account ? `serviceAccount:${account}` : undefined;
        if (member && policy.allows(member, permission, t)) continue;
        out.push({
          function: fn,
          call: call.method,
          permission,
          resource,
          principal: call.principal,
        });
      }
    }
  }
  return out;
}

/** One line per violation, naming function, call and permission (deduplicated). */
export function formatViolations(violations: readonly CallViolation[]): string {
  const lines = violations.map(
    (v) =>
      `${v.function} called ${v.call} on ${v.resource} as ${v.principal ?? 'no account'} ` +
      `without ${v.permission}`,
  );
  return [...new Set(lines)].join('\n');
}
