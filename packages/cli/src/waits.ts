import type { WaiterName } from 'bec-sdk';
import { operations, type WaitRuleSpec, waiterSpecs } from 'bec-sdk/spec';

/** What `--wait` waits for after an operation: a waiter and the IDs it applies to. */
export interface WaitPlan {
  readonly waiter: WaiterName;
  readonly ids: readonly string[];
}

export interface WaitContext {
  /** The path arguments by name. */
  readonly path: Readonly<Record<string, string>>;
  readonly input: unknown;
  readonly result: unknown;
}

/**
 * Operations that start asynchronous work, and the rules that say what `--wait` waits for after
 * them (`cli.wait` in the SDK's overlay). Operations not listed finish when BEC answers and have
 * no `--wait` option.
 */
export const WAIT_RULES: Readonly<Record<string, readonly WaitRuleSpec[]>> = Object.fromEntries(
  operations.flatMap((op) => (op.cli?.wait ? [[op.name, op.cli.wait]] : [])),
);

function field(value: unknown, path: string): unknown {
  let v = value;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Reflect.get(v, key);
  }
  return v;
}

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** The IDs a rule names: `path:<arg>`, `input[]`, `result:<a.b>` or `result:<a>[].<b>`. */
function idsOf(ids: string, ctx: WaitContext): string[] {
  if (ids === 'input[]') return Array.isArray(ctx.input) ? ctx.input.filter((i) => typeof i === 'string') : [];
  const [kind, ref = ''] = ids.split(':');
  if (kind === 'path') return [ctx.path[ref]].filter(nonEmpty);
  const [list, item] = ref.split('[].');
  if (item === undefined) return [field(ctx.result, ref)].filter(nonEmpty);
  const items = field(ctx.result, list!);
  return Array.isArray(items) ? items.map((d) => field(d, item)).filter(nonEmpty) : [];
}

const isWaiter = (name: string): name is WaiterName => name in waiterSpecs;

export function waitPlan(operation: string, ctx: WaitContext): WaitPlan | undefined {
  const rule = WAIT_RULES[operation]?.find((r) =>
    Object.entries(r.when ?? {}).every(([arg, value]) => ctx.path[arg] === value),
  );
  if (!rule || !isWaiter(rule.waiter)) return undefined;
  const ids = idsOf(rule.ids, ctx);
  return ids.length > 0 ? { waiter: rule.waiter, ids } : undefined;
}
