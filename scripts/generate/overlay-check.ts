/** The overlay must agree with the contract: one entry per operation, and nothing it cannot mean. */
import type { OperationOverlay } from '../../packages/sdk/overlay/operations.js';
import type { Contract } from './spec.js';

export function checkOverlay(contract: Contract, overlay: Readonly<Record<string, OperationOverlay>>): void {
  const ops = new Map(contract.spec.operations.map((op) => [op.name, op]));
  const waiters = new Set(Object.values(overlay).flatMap((o) => Object.keys(o.waiters ?? {})));
  const problems: string[] = [];
  for (const name of Object.keys(overlay)) if (!ops.has(name)) problems.push(`${name}: no such operation`);
  for (const [name, op] of ops) {
    const entry = overlay[name];
    if (!entry) {
      problems.push(`${name}: no overlay entry`);
      continue;
    }
    if (op.clientToken.sent && entry.retry !== 'always')
      problems.push(`${name}: a clientToken makes it retry 'always'`);
    if (entry.paginate && op.method !== 'GET') problems.push(`${name}: only a GET pages`);
    for (const [waiter, w] of Object.entries(entry.waiters ?? {})) {
      if (!w.lookup && op.pathParams.length !== 1) problems.push(`${waiter}: ${name} does not read one resource by ID`);
      if (w.lookup && !entry.paginate) problems.push(`${waiter}: a lookup needs a paginated list`);
      if (!w.deleted && (!w.success?.length || !w.target || !w.until))
        problems.push(`${waiter}: success, target, until`);
    }
    for (const rule of entry.cli?.wait ?? []) {
      if (!waiters.has(rule.waiter)) problems.push(`${name}: --wait names no waiter ${rule.waiter}`);
      const arg = rule.ids.startsWith('path:') ? rule.ids.slice(5) : undefined;
      for (const a of [...(arg ? [arg] : []), ...Object.keys(rule.when ?? {})]) {
        if (!op.pathParams.some((p) => p.from === a)) problems.push(`${name}: no path argument ${a}`);
      }
      if (!/^(path:\w+|input\[\]|result:[\w.]+(\[\]\.\w+)?)$/.test(rule.ids)) problems.push(`${name}: ids ${rule.ids}`);
    }
  }
  if (problems.length > 0) throw new Error(`packages/sdk/overlay/operations.ts:\n  ${problems.join('\n  ')}`);
}
