import type { VirtualClock } from './clock.js';
import type { FaultInjector, FaultRule } from './faults.js';
import type { Lifecycle } from './lifecycle.js';
import type { JournalEntry } from './server.js';
import type { StateStore } from './store.js';

export interface AdminContext {
  store: StateStore;
  clock: VirtualClock;
  lifecycle: Lifecycle;
  faults: FaultInjector;
  journal: JournalEntry[];
  coverage: () => string[];
}

interface AdminAnswer {
  status: number;
  body: string;
}

const ok = (value: unknown, status = 200): AdminAnswer => ({ status, body: JSON.stringify(value) });
const fail = (status: number, code: string, message: string): AdminAnswer => ({
  status,
  body: JSON.stringify({ code, message }),
});

function parseJson(body: Buffer | undefined): Record<string, unknown> {
  if (!body || body.length === 0) return {};
  const parsed: unknown = JSON.parse(body.toString('utf8'));
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new TypeError('the body must be a JSON object');
  return parsed as Record<string, unknown>;
}

/**
 * The admin API under `/_emulator/` (not signed; bind the emulator to loopback):
 * - `GET  health`                      → `{ok, operations, implemented}`
 * - `POST reset`                       → clears all state (and, with `{"faults":true}`, the fault rules)
 * - `GET  state[?account=AK]`          → every stored resource
 * - `GET  clock` / `POST clock/advance {"ms"}` → virtual time
 * - `POST lifecycle/complete {"account","kind"?,"id"?}` → finish waiting (manual) transitions
 * - `GET  faults` / `POST faults {rule | {"rules":[...],"seed"}}` / `DELETE faults[/id]`
 * - `GET  journal[?limit=N]` / `DELETE journal` → the requests seen, newest last
 */
export async function handleAdmin(
  ctx: AdminContext,
  method: string,
  rawPath: string,
  rawQuery: string,
  body: Buffer | undefined,
): Promise<AdminAnswer> {
  const route = rawPath.replace(/^\/_emulator\/?/, '').replace(/\/$/, '');
  const query = new URLSearchParams(rawQuery);
  try {
    const input = parseJson(body);
    switch (
      `${method} ${route
        .split('/')
        .slice(0, route.startsWith('faults/') ? 1 : 2)
        .join('/')}`
    ) {
      case 'GET health': {
        const implemented = ctx.coverage().length;
        return ok({ ok: true, operations: 115, implemented });
      }
      case 'POST reset':
        ctx.store.reset();
        if (input.faults === true) ctx.faults.clear();
        ctx.journal.length = 0;
        return ok({ reset: true });
      case 'GET state':
        return ok(ctx.store.dump(query.get('account') ?? undefined));
      case 'GET clock':
        return ok({ now: ctx.clock.now(), iso: ctx.clock.isoNow(), mode: ctx.clock.mode });
      case 'POST clock/advance': {
        const ms = Number(input.ms);
        if (!Number.isFinite(ms) || ms < 0) return fail(400, 'BadRequest', 'ms must be a non-negative number');
        return ok({ now: ctx.clock.advance(ms), iso: ctx.clock.isoNow() });
      }
      case 'POST lifecycle/complete': {
        const accounts = typeof input.account === 'string' ? [input.account] : ctx.store.accounts();
        let completed = 0;
        for (const account of accounts) {
          const tx = ctx.store.begin(account);
          completed += ctx.lifecycle.complete(
            ctx.store,
            tx,
            typeof input.kind === 'string' ? input.kind : undefined,
            typeof input.id === 'string' ? input.id : undefined,
          );
          tx.commit();
        }
        return ok({ completed });
      }
      case 'GET faults':
        return ok({ rules: ctx.faults.list(), injected: ctx.faults.injected });
      case 'POST faults': {
        if (typeof input.seed === 'number') ctx.faults.seed(input.seed);
        const rules = Array.isArray(input.rules)
          ? (input.rules as FaultRule[])
          : input.action
            ? [input as unknown as FaultRule]
            : [];
        const ids = rules.map((r) => ctx.faults.add(r));
        return ok({ ids }, 201);
      }
      case 'DELETE faults': {
        const id = route.split('/')[1];
        if (id) return ctx.faults.remove(id) ? ok({ removed: id }) : fail(404, 'NoSuchObject', `no fault ${id}`);
        ctx.faults.clear();
        return ok({ removed: 'all' });
      }
      case 'GET journal': {
        const limit = Number(query.get('limit') ?? ctx.journal.length);
        return ok(ctx.journal.slice(Math.max(0, ctx.journal.length - limit)));
      }
      case 'DELETE journal':
        ctx.journal.length = 0;
        return ok({ cleared: true });
      default:
        return fail(404, 'NotFound', `no admin endpoint ${method} /_emulator/${route}`);
    }
  } catch (err) {
    return fail(400, 'BadRequest', (err as Error).message);
  }
}
