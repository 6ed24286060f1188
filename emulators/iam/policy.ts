/**
 * IAM as the local stack enforces it: the bindings of the deploy plan, predefined roles from
 * roles.ts, the plan's custom roles, and conditions compiled by condition.ts. A grant on the
 * project covers everything in it; a grant on a bucket covers the bucket and its objects; a
 * grant on a topic covers that topic. Loading refuses an unknown role or a condition outside
 * the supported subset, so the stack never runs on a policy it would evaluate wrongly.
 */
import type { Binding } from '../../deploy/iam';
import { compileCondition, type Condition, type ConditionResource } from './condition';
import { PREDEFINED_ROLES } from './roles';

/** What a call is about, for the services the local stack checks. */
export type IamTarget =
  /** no bucket: a project-wide call (buckets.list, buckets.insert) */
  | { service: 'storage'; bucket?: string; object?: string }
  | { service: 'pubsub'; topic: string }
  | { service: 'datastore'; database: string };

/** A policy the local stack refuses to run with. */
export class PolicyLoadError extends Error {
  override readonly name = 'PolicyLoadError';
}

interface CompiledBinding {
  binding: Binding;
  permissions: ReadonlySet<string>;
  condition?: Condition;
}

/** The bindings of one project, ready to answer "may this principal do this here". */
export class IamPolicy {
  private readonly compiled: CompiledBinding[];

  /**
   * @param customRoles custom role name (`projects/P/roles/ID`) → permissions
   */
  constructor(
    readonly project: string,
    bindings: readonly Binding[],
    customRoles: Readonly<Record<string, readonly string[]>>,
  ) {
    this.compiled = bindings.map((binding) => {
      const permissions = PREDEFINED_ROLES[binding.role]?.permissions ?? customRoles[binding.role];
      if (!permissions) {
        throw new PolicyLoadError(
          `role ${binding.role} (granted to ${binding.member}) has no permission list: add it ` +
            'to emulators/iam/roles.ts with its source, or to the deploy plan as a custom role',
        );
      }
      let condition: Condition | undefined;
      try {
        condition = binding.condition && compileCondition(binding.condition.expression);
      } catch (err) {
        throw new PolicyLoadError(
          `cannot evaluate the condition "${binding.condition?.title}" of ${binding.role} ` +
            `for ${binding.member}: ${(err as Error).message}`,
        );
      }
      return { binding, permissions: new Set(permissions), condition };
    });
  }

  /** Whether `member` (e.g. `serviceAccount:x@p.iam.gserviceaccount.com`) holds `permission` on `target`. */
  allows(member: string, permission: string, target: IamTarget): boolean {
    const attributes = conditionResource(this.project, target);
    return this.compiled.some(
      (c) =>
        c.binding.member === member &&
        c.permissions.has(permission) &&
        covers(c.binding, target) &&
        (!c.condition || c.condition(attributes)),
    );
  }
}

/** Whether a binding's resource contains the target. */
function covers(b: Binding, t: IamTarget): boolean {
  const r = b.resource;
  if (r.kind === 'project') return true;
  if (r.kind === 'bucket') return t.service === 'storage' && t.bucket === r.name;
  if (r.kind === 'topic') return t.service === 'pubsub' && t.topic === r.name;
  return false;
}

/** The `resource.*` attributes IAM Conditions see for a target. */
export function conditionResource(project: string, t: IamTarget): ConditionResource {
  switch (t.service) {
    case 'storage':
      if (t.bucket === undefined) {
        return {
          name: `projects/${project}`,
          type: 'cloudresourcemanager.googleapis.com/Project',
          service: 'cloudresourcemanager.googleapis.com',
        };
      }
      return t.object === undefined
        ? {
            name: `projects/_/buckets/${t.bucket}`,
            type: 'storage.googleapis.com/Bucket',
            service: 'storage.googleapis.com',
          }
        : {
            name: `projects/_/buckets/${t.bucket}/objects/${t.object}`,
            type: 'storage.googleapis.com/Object',
            service: 'storage.googleapis.com',
          };
    case 'pubsub':
      return {
        name: `projects/${project}/topics/${t.topic}`,
        type: 'pubsub.googleapis.com/Topic',
        service: 'pubsub.googleapis.com',
      };
    case 'datastore':
      return {
        name: `projects/${project}/databases/${t.database}`,
        type: 'firestore.googleapis.com/Database',
        service: 'firestore.googleapis.com',
      };
  }
}
