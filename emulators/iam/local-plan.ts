/**
 * The IAM of the local stack, read from the deploy plan itself (deploy/iam.ts and the names
 * of deploy/options.ts, the modules deploy and teardown use), so that a change to the grants
 * changes what works locally. The only binding not taken from deploy is the local operator's:
 * the person running the stack creates the buckets and reads what the bot wrote, as the
 * project owner who runs deploy would.
 */
import {
  baseBindings,
  customRoleName,
  customRoles,
  pubsubAgent,
  type Binding,
} from '../../deploy/iam';
import { functionSpecs } from '../../deploy/function-specs';
import { parseOptions, resourceNames, type Names } from '../../deploy/options';
import { IamPolicy } from './policy';

/** The deploy prefix whose names the local stack uses (`sticker-replies`, `sticker-webhook@…`). */
export const LOCAL_PREFIX = 'sticker';

/** Any valid region: the local stack has none, and no local check depends on it. */
const LOCAL_REGION = 'europe-west1';

/** The person running the local stack (its setup, seeding and tests call Storage as them). */
export const LOCAL_OPERATOR = 'operator@localhost.test';

/** Who runs each function target, as deploy's function specs give it. */
export type FunctionAccounts = Record<'webhook' | 'matting' | 'sender' | 'deadLetter', string>;

/** The project, buckets and database of a local stack. */
export interface LocalCloud {
  projectId: string;
  uploadsBucket: string;
  stickersBucket: string;
  /** Firestore database id; default `(default)` */
  database?: string;
}

export interface LocalIam {
  names: Names;
  bindings: Binding[];
  policy: IamPolicy;
  /** the plan's custom roles: full role name → permissions */
  customRoles: Record<string, readonly string[]>;
  /** the service account each function target calls Google APIs as */
  accounts: FunctionAccounts;
}

/** The operator's grant: Storage Admin on the project, as an owner running deploy holds. */
function operatorBinding(): Binding {
  return {
    resource: { kind: 'project' },
    member: `user:${LOCAL_OPERATOR}`,
    role: 'roles/storage.admin',
    why: 'the local operator creates the buckets and reads what the bot wrote',
  };
}

/**
 * The deploy plan's bindings and custom roles for a local stack's names, compiled. Throws
 * PolicyLoadError on a role or condition the local IAM cannot evaluate.
 */
export function localIam(c: LocalCloud, extra: readonly Binding[] = []): LocalIam {
  const options = parseOptions([
    `--project=${c.projectId}`,
    `--region=${LOCAL_REGION}`,
    `--prefix=${LOCAL_PREFIX}`,
    `--uploads-bucket=${c.uploadsBucket}`,
    `--stickers-bucket=${c.stickersBucket}`,
    `--firestore-database=${c.database ?? '(default)'}`,
  ]);
  const names = resourceNames(options);
  const scope = { project: c.projectId, region: LOCAL_REGION };
  // Google's own agents never call the emulators; their grants are kept so that every
  // binding deploy makes is loaded (and so checked for an unknown role or condition).
  const agents = {
    pubsub: pubsubAgent('0'),
    storage: 'service-0@gs-project-accounts.iam.gserviceaccount.com',
  };
  const bindings = [...baseBindings(names, scope, agents), operatorBinding(), ...extra];
  const roles = Object.fromEntries(
    customRoles(names).map((r) => [customRoleName(c.projectId, r.id), r.permissions]),
  );
  const accounts = Object.fromEntries(
    functionSpecs(options, names).map((f) => [f.entryPoint, f.serviceAccount]),
  ) as FunctionAccounts;
  const policy = new IamPolicy(c.projectId, bindings, roles);
  return { names, bindings, policy, customRoles: roles, accounts };
}

/** A policy where only the local operator may do anything (the emulator's default). */
export function operatorOnlyPolicy(project = 'local-project'): IamPolicy {
  return new IamPolicy(project, [operatorBinding()], {});
}
