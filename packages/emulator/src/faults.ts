import { seededRandom } from './ids.js';

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
  /** Regular expression (source) tested against the request path. */
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

/** Holds fault rules; settable at start and at run time (admin API `/_emulator/faults`). */
export class FaultInjector {
  #rules: FaultRule[] = [];
  #random: () => number;
  #nextId = 1;
  /** How many times each action fired. */
  readonly injected: Record<string, number> = { error: 0, reset: 0, stall: 0, latency: 0 };

  constructor(options: FaultOptions = {}) {
    this.#random = options.seed === undefined ? Math.random : seededRandom(options.seed);
    for (const rule of options.rules ?? []) this.add(rule);
  }

  /** Adds a rule and returns its id. */
  add(rule: FaultRule): string {
    validateRule(rule);
    const id = rule.id ?? `fault-${this.#nextId++}`;
    this.#rules.push({ ...rule, id });
    return id;
  }

  remove(id: string): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((r) => r.id !== id);
    return this.#rules.length !== before;
  }

  clear(): void {
    this.#rules = [];
  }

  list(): FaultRule[] {
    return this.#rules.map((r) => ({ ...r }));
  }

  seed(seed: number): void {
    this.#random = seededRandom(seed);
  }

  get size(): number {
    return this.#rules.length;
  }

  /** The first rule that fires for this request, consuming one of its `count`. */
  match(request: FaultMatch): FaultRule | undefined {
    if (this.#rules.length === 0) return undefined;
    for (const rule of this.#rules) {
      if ((rule.phase ?? 'before') !== request.phase) continue;
      if (rule.operation && rule.operation !== request.operation) continue;
      if (rule.method && rule.method.toUpperCase() !== request.method) continue;
      if (rule.account && rule.account !== request.account) continue;
      if (rule.path && !new RegExp(rule.path).test(request.path)) continue;
      if (rule.count !== undefined && rule.count <= 0) continue;
      if (rule.probability !== undefined && this.#random() >= rule.probability) continue;
      if (rule.count !== undefined) rule.count--;
      this.injected[rule.action] = (this.injected[rule.action] ?? 0) + 1;
      return rule;
    }
    return undefined;
  }
}

function validateRule(rule: FaultRule): void {
  if (!rule || !['error', 'reset', 'stall', 'latency'].includes(rule.action)) {
    throw new TypeError('a fault rule needs action "error", "reset", "stall" or "latency"');
  }
  if (
    rule.action === 'error' &&
    (!Number.isInteger(rule.status) || (rule.status ?? 0) < 400 || (rule.status ?? 0) > 599)
  ) {
    throw new TypeError('an "error" fault needs an HTTP status from 400 to 599');
  }
  if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
    throw new TypeError('probability must be between 0 and 1');
  }
  if (rule.path !== undefined) new RegExp(rule.path);
}
