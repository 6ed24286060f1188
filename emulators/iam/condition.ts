/**
 * The part of IAM Conditions' CEL that deploy's bindings use, compiled once: `resource.name`,
 * `resource.type` and `resource.service` compared with `==` / `!=` or tested with
 * `startsWith` / `endsWith`, joined by `&&`, `||`, `!` and parentheses. Anything else is
 * refused when the policy is loaded, so a condition the local stack cannot evaluate stops
 * it instead of granting (or denying) by accident.
 */

/** The attributes of the resource a request is about, as IAM Conditions name them. */
export interface ConditionResource {
  /** e.g. `projects/_/buckets/B/objects/O`, `projects/P/databases/(default)` */
  name: string;
  /** e.g. `storage.googleapis.com/Object` */
  type: string;
  /** e.g. `storage.googleapis.com` */
  service: string;
}

export type Condition = (r: ConditionResource) => boolean;

/** A condition expression outside the supported subset. */
export class UnsupportedConditionError extends Error {
  override readonly name = 'UnsupportedConditionError';
}

type Token = { kind: 'str'; value: string } | { kind: 'op'; value: string };

const ATTRIBUTES = new Set(['resource.name', 'resource.type', 'resource.service']);
const OPERATORS = ['&&', '||', '==', '!=', '!', '(', ')'];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      let value = '';
      for (i++; i < src.length && src[i] !== c; i++) {
        if (src[i] === '\\') i++;
        value += src[i] ?? '';
      }
      if (i >= src.length) throw new UnsupportedConditionError(`unterminated string in ${src}`);
      out.push({ kind: 'str', value });
      i++;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(i));
      const op = OPERATORS.find((o) => src.startsWith(o, i));
      if (m) {
        out.push({ kind: 'op', value: m[0] });
        i += m[0].length;
      } else if (op) {
        out.push({ kind: 'op', value: op });
        i += op.length;
      } else {
        throw new UnsupportedConditionError(`unexpected "${c}" in ${src}`);
      }
    }
  }
  return out;
}

/** Compiles a condition expression; throws UnsupportedConditionError outside the subset. */
export function compileCondition(expression: string): Condition {
  const tokens = tokenize(expression);
  let at = 0;
  const peek = () => tokens[at];
  const fail = (what: string): never => {
    throw new UnsupportedConditionError(`${what} in condition: ${expression}`);
  };
  const take = (value: string) => {
    if (peek()?.kind !== 'op' || peek()?.value !== value) fail(`expected "${value}"`);
    at++;
  };
  const string = (): string => {
    const t = tokens[at++];
    return t?.kind === 'str' ? t.value : fail('expected a string literal');
  };

  const primary = (): Condition => {
    const t = tokens[at++];
    if (t?.kind !== 'op') return fail('expected an attribute');
    if (t.value === '(') {
      const inner = or();
      take(')');
      return inner;
    }
    if (t.value === '!') {
      const inner = primary();
      return (r) => !inner(r);
    }
    const dot = t.value.lastIndexOf('.');
    const [attr, method] = ATTRIBUTES.has(t.value)
      ? [t.value, undefined]
      : [t.value.slice(0, dot), t.value.slice(dot + 1)];
    if (!ATTRIBUTES.has(attr)) fail(`unsupported attribute ${t.value}`);
    const get = (r: ConditionResource) => r[attr.slice('resource.'.length) as keyof typeof r];
    if (method === 'startsWith' || method === 'endsWith') {
      take('(');
      const arg = string();
      take(')');
      return method === 'startsWith' ? (r) => get(r).startsWith(arg) : (r) => get(r).endsWith(arg);
    }
    if (method !== undefined) fail(`unsupported function ${method}`);
    const op = tokens[at++];
    if (op?.kind !== 'op' || (op.value !== '==' && op.value !== '!=')) fail('expected == or !=');
    const value = string();
    return op!.value === '==' ? (r) => get(r) === value : (r) => get(r) !== value;
  };
  const and = (): Condition => {
    let left = primary();
    while (peek()?.kind === 'op' && peek()?.value === '&&') {
      at++;
      const l = left;
      const right = primary();
      left = (r) => l(r) && right(r);
    }
    return left;
  };
  function or(): Condition {
    let left = and();
    while (peek()?.kind === 'op' && peek()?.value === '||') {
      at++;
      const l = left;
      const right = and();
      left = (r) => l(r) || right(r);
    }
    return left;
  }

  const compiled = or();
  if (at !== tokens.length) fail('unexpected trailing input');
  return compiled;
}
