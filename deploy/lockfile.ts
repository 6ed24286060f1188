/**
 * Cuts the repository's package-lock.json down to one function's production dependencies,
 * so Cloud Build runs `npm ci` with exactly the versions tested here, and installs nothing
 * the function does not load (no dev tools, no other function's TensorFlow).
 */

/** One entry of a v2/v3 lock's `packages` map. */
export interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  optional?: boolean;
  dev?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  link?: boolean;
  [key: string]: unknown;
}

/** The parts of package-lock.json (v2/v3) this module reads and writes. */
export interface Lockfile {
  name?: string;
  version?: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, LockEntry>;
}

/** The version the root lock resolved for a direct dependency. */
export function lockedVersion(lock: Lockfile, name: string): string {
  const v = lock.packages[`node_modules/${name}`]?.version;
  if (!v) throw new Error(`${name} is not in package-lock.json: run npm install first`);
  return v;
}

/**
 * Finds where `dep`, required from the package installed at `from`, resolves: Node's
 * lookup, nearest `node_modules` first, walking up to the root.
 */
function resolveIn(lock: Lockfile, from: string, dep: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${dep}` : `node_modules/${dep}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return undefined;
    const i = base.lastIndexOf('/node_modules/');
    base = i < 0 ? '' : base.slice(0, i);
  }
}

/**
 * A lock for a package whose dependencies are `deps` (name → exact version), holding only
 * what those pull in. Dev flags are dropped (nothing here is dev) and `optional` is
 * recomputed: true only for what is reachable through optional edges alone (e.g. sharp's
 * binaries for other platforms, which npm skips).
 */
export function pruneLock(
  root: Lockfile,
  pkg: { name: string; version: string; deps: Record<string, string> },
): Lockfile {
  const required = new Set<string>();
  const optional = new Set<string>();
  const visit = (loc: string, viaOptional: boolean): void => {
    if (viaOptional ? required.has(loc) || optional.has(loc) : required.has(loc)) return;
    (viaOptional ? optional : required).add(loc);
    const entry = root.packages[loc]!;
    const edges: [string, boolean][] = [
      ...Object.keys(entry.dependencies ?? {}).map((d): [string, boolean] => [d, false]),
      ...Object.keys(entry.optionalDependencies ?? {}).map((d): [string, boolean] => [d, true]),
      ...Object.keys(entry.peerDependencies ?? {}).map((d): [string, boolean] => [
        d,
        entry.peerDependenciesMeta?.[d]?.optional === true,
      ]),
    ];
    for (const [dep, opt] of edges) {
      const target = resolveIn(root, loc, dep);
      if (!target) {
        if (opt) continue;
        throw new Error(`package-lock.json: ${loc} needs ${dep}, which is not in the lock`);
      }
      visit(target, viaOptional || opt);
    }
  };
  for (const name of Object.keys(pkg.deps)) {
    if (!root.packages[`node_modules/${name}`]) {
      throw new Error(`${name} is not in package-lock.json: run npm install first`);
    }
    visit(`node_modules/${name}`, false);
  }

  const packages: Record<string, LockEntry> = {
    '': { name: pkg.name, version: pkg.version, dependencies: { ...pkg.deps } },
  };
  const locations = [...new Set([...required, ...optional])].sort();
  for (const loc of locations) {
    const {
      dev: _dev,
      devOptional: _devOptional,
      optional: _optional,
      ...rest
    } = root.packages[loc]!;
    packages[loc] = required.has(loc) ? rest : { ...rest, optional: true };
  }
  return { name: pkg.name, version: pkg.version, lockfileVersion: 3, requires: true, packages };
}
