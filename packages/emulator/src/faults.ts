import { seededRandom } from './ids.js';
import { compilePattern, type PathPattern, patternProblem } from './pattern.js';

/**
 * A fault to inject. A request matches when every given selector matches; then, with
 * `probability`, the action happens (at most `count` times).
 */
export interface FaultRule {
  /** Set by the emulator when the rule is added. */
  id?: string;
  /** Go operation name, e.g. `CreateVmService`. */
  operation?: string;
  /** HTTP method. */
  method?: string;
  /** The request path, exactly, where each `*` matches any characters (`/v1/vm/instance/*`). Not a regular expression. */
  path?: string;
  /** Only requests of this account. */
  account?: string;
  /**
   * `error`: answer `status`/`code`; `reset`: destroy the connection; `stall`: never answer;
   * `latency`: wait `latencyMs`, then handle normally.
   */
  action: 'error' | 'reset' | 'stall' | 'latency';
  /** `before` (default): instead of handling the request; `after`: handle and commit it, then fail (the client cannot tell it succeeded). */
  phase?: 'before' | 'after';
  status?: number;
  code?: string;
  message?: string;
  /** Adds a `Retry-After` header to `error` answers. */
  retryAfterSeconds?: number;
  latencyMs?: number;
  /** 0..1, default 1. */
  probability?: number;
  /** How many times the rule may fire; unlimited when absent. */
  count?: number;
}

export interface FaultOptions {
  rules?: FaultRule[];
  /** Seed of the RNG used for `probability`, for reproducible runs. */
  seed?: number;
}

export interface FaultMatch {
  operation: string | undefined;
  method: string;
  path: string;
  account: string | undefined;
  phase: 'before' | 'after';
}

const DEFAULT_CODES: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  403: 'AccessDenied',
  404: 'NoSuchObject',
  409: 'OperationDenied',
  413: 'LimitExceeded',
  429: 'TooManyRequests',
  500: 'InternalError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

export function defaultCodeFor(status: number): string {
  return DEFAULT_CODES[status] ?? 'InternalError';
}

interface ActiveRule {
  rule: FaultRule & { id: string };
  path: PathPattern | undefined;
  method: string | undefined;
  fired: number;
}

/** Holds fault rules; settable at start and at run time (admin API `/_emulator/faults`). */
export class FaultInjector {
  #rules: ActiveRule[] = [];
  #random: () => number;
  #nextId = 1;
  /** How many times each action fired. */
  readonly injected: Record<string, number> = { error: 0, reset: 0, stall: 0, latency: 0 };

  constructor(options: FaultOptions = {}) {
    this.#random = options.seed === undefined ? Math.random : seededRandom(options.seed);
    for (const rule of options.rules ?? []) this.add(rule);
  }

  /** Checks a rule without adding it (throws TypeError with the reason). */
  static validate(rule: FaultRule): void {
    validateRule(rule);
  }

  /** Adds a rule (replacing one with the same id) and returns its id. */
  add(rule: FaultRule): string {
    validateRule(rule);
    const id = rule.id ?? `fault-${this.#nextId++}`;
    const active: ActiveRule = {
      rule: { ...rule, id },
      path: rule.path === undefined ? undefined : compilePattern(rule.path),
      method: rule.method?.toUpperCase(),
      fired: 0,
    };
    const index = this.#rules.findIndex((r) => r.rule.id === id);
    if (index === -1) this.#rules.push(active);
    else this.#rules[index] = active;
    return id;
  }

  remove(id: string): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((r) => r.rule.id !== id);
    return this.#rules.length !== before;
  }

  clear(): void {
    this.#rules = [];
  }

  /** The rules, each with `fired` (how often it fired) and its remaining `count`. */
  list(): Array<FaultRule & { id: string; fired: number }> {
    return this.#rules.map((r) => ({ ...r.rule, fired: r.fired }));
  }

  get(id: string): (FaultRule & { id: string; fired: number }) | undefined {
    const r = this.#rules.find((x) => x.rule.id === id);
    return r ? { ...r.rule, fired: r.fired } : undefined;
  }

  /** Restarts the probability RNG from `seed`. */
  seed(seed: number): void {
    this.#random = seededRandom(seed);
  }

  get size(): number {
    return this.#rules.length;
  }

  /** The first rule that fires for this request, consuming one of its `count`. */
  match(request: FaultMatch): FaultRule | undefined {
    if (this.#rules.length === 0) return undefined;
    for (const active of this.#rules) {
      const rule = active.rule;
      if ((rule.phase ?? 'before') !== request.phase) continue;
      if (rule.operation !== undefined && rule.operation !== request.operation) continue;
      if (active.method !== undefined && active.method !== request.method) continue;
      if (rule.account !== undefined && rule.account !== request.account) continue;
      if (active.path && !active.path.test(request.path)) continue;
      if (rule.count !== undefined && rule.count <= 0) continue;
      if (rule.probability !== undefined && this.#random() >= rule.probability) continue;
      if (rule.count !== undefined) rule.count--;
      active.fired++;
      this.injected[rule.action] = (this.injected[rule.action] ?? 0) + 1;
      return rule;
    }
    return undefined;
  }
}

const TOKEN = /^[A-Za-z0-9._-]{1,128}$/;

const RULE_KEYS: ReadonlySet<string> = new Set([
  'id',
  'operation',
  'method',
  'path',
  'account',
  'action',
  'phase',
  'status',
  'code',
  'message',
  'retryAfterSeconds',
  'latencyMs',
  'probability',
  'count',
]);

function validateRule(rule: FaultRule): void {
  if (!rule || typeof rule !== 'object' || Array.isArray(rule)) throw new TypeError('a fault rule must be an object');
  for (const key of Object.keys(rule)) {
    if (!RULE_KEYS.has(key)) throw new TypeError(`a fault rule has no field ${JSON.stringify(key.slice(0, 64))}`);
  }
  if (!['error', 'reset', 'stall', 'latency'].includes(rule.action)) {
    throw new TypeError('a fault rule needs action "error", "reset", "stall" or "latency"');
  }
  const optionalString = (name: keyof FaultRule): void => {
    if (rule[name] !== undefined && typeof rule[name] !== 'string') throw new TypeError(`${name} must be a string`);
  };
  for (const name of ['id', 'operation', 'method', 'path', 'account', 'message'] as const) optionalString(name);
  if (rule.id !== undefined && !TOKEN.test(rule.id)) throw new TypeError('id must be letters, digits, ".", "_" or "-"');
  if (rule.phase !== undefined && rule.phase !== 'before' && rule.phase !== 'after') {
    throw new TypeError('phase must be "before" or "after"');
  }
  if (rule.action === 'error') {
    if (!Number.isInteger(rule.status) || (rule.status ?? 0) < 400 || (rule.status ?? 0) > 599) {
      throw new TypeError('an "error" fault needs an HTTP status from 400 to 599');
    }
  } else if (rule.status !== undefined || rule.code !== undefined || rule.retryAfterSeconds !== undefined) {
    throw new TypeError(`status, code and retryAfterSeconds only apply to "error" faults, not "${rule.action}"`);
  }
  if (rule.code !== undefined && (typeof rule.code !== 'string' || !TOKEN.test(rule.code))) {
    throw new TypeError('code must be letters, digits, ".", "_" or "-"');
  }
  if (
    rule.retryAfterSeconds !== undefined &&
    !(Number.isInteger(rule.retryAfterSeconds) && rule.retryAfterSeconds >= 0)
  ) {
    throw new TypeError('retryAfterSeconds must be a non-negative integer');
  }
  if (rule.action === 'latency') {
    if (typeof rule.latencyMs !== 'number' || !(rule.latencyMs >= 0 && rule.latencyMs <= 600_000)) {
      throw new TypeError('a "latency" fault needs latencyMs from 0 to 600000');
    }
  } else if (rule.latencyMs !== undefined) {
    throw new TypeError('latencyMs only applies to "latency" faults');
  }
  if (
    rule.probability !== undefined &&
    !(typeof rule.probability === 'number' && rule.probability >= 0 && rule.probability <= 1)
  ) {
    throw new TypeError('probability must be between 0 and 1');
  }
  if (rule.count !== undefined && !(Number.isInteger(rule.count) && rule.count >= 0)) {
    throw new TypeError('count must be a non-negative integer');
  }
  for (const name of ['operation', 'method', 'account', 'message'] as const) {
    const v = rule[name];
    if (v !== undefined && v.length > 1024) throw new TypeError(`${name} must be at most 1024 characters`);
  }
  if (rule.path !== undefined) {
    const problem = patternProblem(rule.path);
    if (problem) throw new TypeError(problem);
  }
}
