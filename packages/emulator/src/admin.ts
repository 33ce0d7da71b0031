import { isUtf8 } from 'node:buffer';
import type { AdminContext } from './admin-context.js';
import { dashboardAdmin, filterJournal } from './dashboard/api.js';
import { FaultInjector, type FaultRule } from './faults.js';

interface AdminAnswer {
  status: number;
  body: string;
}

const ok = (value: unknown, status = 200): AdminAnswer => ({ status, body: JSON.stringify(value) });
const fail = (status: number, code: string, message: string): AdminAnswer => ({
  status,
  body: JSON.stringify({ code, message }),
});

class AdminInputError extends Error {
  constructor(
    message: string,
    readonly status = 400,
    readonly code = 'BadRequest',
  ) {
    super(message);
  }
}

function parseJson(body: Buffer | undefined): Record<string, unknown> {
  if (body === undefined) throw new AdminInputError('the body is too large', 413, 'LimitExceeded');
  if (body.length === 0) return {};
  if (!isUtf8(body)) throw new AdminInputError('the body is not valid UTF-8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new AdminInputError('the body is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AdminInputError('the body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** 400 for keys an endpoint does not take (a typo must not silently do something else). */
function onlyKeys(input: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(input).filter((k) => !allowed.includes(k));
  if (unknown.length) {
    throw new AdminInputError(
      `unknown field ${JSON.stringify(unknown[0]!.slice(0, 64))}; this endpoint takes ${allowed.length ? allowed.join(', ') : 'no body'}`,
    );
  }
}

const FAULT_ID = /^[A-Za-z0-9._-]{1,128}$/;

function optionalString(input: Record<string, unknown>, name: string): string | undefined {
  const v = input[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new AdminInputError(`${name} must be a string`);
  return v;
}

/**
 * The admin API under `/_emulator/` (not signed; bind the emulator to loopback):
 * - `GET  health`                      → `{ok, operations, implemented}`
 * - `GET  coverage`                    → `{operations: [names with a handler]}`
 * - `POST reset`                       → clears all state and the journal (and, with `{"faults":true}`, the fault rules)
 * - `GET  state[?account=AK]`          → every stored resource (due lifecycle steps applied first)
 * - `GET  clock` / `POST clock/advance {"ms"}` → virtual time; advancing applies the steps that became due
 * - `POST lifecycle/complete {"account"?,"kind"?,"id"?}` → finish waiting (manual) transitions
 * - `GET  faults[/id]` / `POST faults {rule | {"rules":[...],"seed"}}` / `DELETE faults[/id]`
 * - `GET  journal[?limit=N&operation=&status=&resource=&account=]` / `DELETE journal` → the requests seen, newest last
 * - `GET  journal/<seq>` → one request and its answer, secrets redacted
 * - `GET  resources[?account=]` / `GET resource?account=&kind=&id=` → the dashboard's views of state
 * - `GET  ui?token=` → the dashboard page (see dashboard/serve.ts)
 *
 * Every change is all or nothing: the input is checked completely before anything is changed,
 * and a refused request (4xx) changes nothing. Requests reach here only through AdminGuard.
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
    const faultId = faultIdOf(route);
    const input = method === 'GET' || method === 'DELETE' ? {} : parseJson(body);
    const request: AdminRequest = { method, route, rawQuery, query, faultId, input };
    return (
      (route.split('/')[0] === 'faults' ? faultEndpoints(ctx, request) : undefined) ??
      stateEndpoints(ctx, request) ??
      journalEndpoints(ctx, request) ??
      dashboardAdmin(ctx, method, route, query) ??
      fail(404, 'NotFound', `no admin endpoint ${method} /_emulator/${route}`)
    );
  } catch (err) {
    if (err instanceof AdminInputError) return fail(err.status, err.code, err.message);
    if (err instanceof TypeError || err instanceof RangeError || err instanceof URIError) {
      return fail(400, 'BadRequest', err.message);
    }
    return fail(500, 'InternalError', (err as Error).message);
  }
}

/** One admin request, parsed. */
interface AdminRequest {
  method: string;
  /** The path after `/_emulator/`, without a trailing slash. */
  route: string;
  rawQuery: string;
  query: URLSearchParams;
  /** The fault id of `faults/<id>`. */
  faultId: string | undefined;
  /** The JSON body (`{}` for GET and DELETE). */
  input: Record<string, unknown>;
}

/** The `<id>` of `faults/<id>`: 1 to 128 letters, digits, ".", "_" or "-" (400 otherwise). */
function faultIdOf(route: string): string | undefined {
  const [first = '', second, ...more] = route.split('/');
  if (first !== 'faults' || second === undefined) return undefined;
  let decoded: string | undefined;
  try {
    decoded = decodeURIComponent(second);
  } catch {
    decoded = undefined;
  }
  if (more.length || decoded === undefined || !FAULT_ID.test(decoded)) {
    throw new AdminInputError('a fault id is 1 to 128 letters, digits, ".", "_" or "-"');
  }
  return decoded;
}

/** health, coverage, reset, state, clock and lifecycle. */
function stateEndpoints(ctx: AdminContext, { method, route, query, input }: AdminRequest): AdminAnswer | undefined {
  switch (`${method} ${route}`) {
    case 'GET health':
      return ok({ ok: true, operations: 115, implemented: ctx.coverage().length });
    case 'GET coverage':
      return ok({ operations: ctx.coverage() });
    case 'POST reset':
      onlyKeys(input, ['faults']);
      if (input.faults !== undefined && typeof input.faults !== 'boolean') {
        return fail(400, 'BadRequest', 'faults must be true or false');
      }
      ctx.store.reset();
      if (input.faults === true) ctx.faults.clear();
      ctx.journal.clear();
      return ok({ reset: true });
    case 'GET state':
      ctx.settleAll();
      return ok(ctx.store.dump(query.get('account') ?? undefined));
    case 'GET clock':
      return ok({ now: ctx.clock.now(), iso: ctx.clock.isoNow(), mode: ctx.clock.mode });
    case 'POST clock/advance': {
      onlyKeys(input, ['ms']);
      const ms = input.ms;
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
        return fail(400, 'BadRequest', 'ms must be a non-negative number');
      }
      // Checked before the clock moves: a refused advance changes nothing.
      const problem = ctx.clock.checkAdvance(ms);
      if (problem) return fail(400, 'BadRequest', problem);
      const now = ctx.clock.advance(ms);
      ctx.settleAll();
      return ok({ now, iso: ctx.clock.isoNow() });
    }
    case 'POST lifecycle/complete': {
      onlyKeys(input, ['account', 'kind', 'id']);
      const account = optionalString(input, 'account');
      const kind = optionalString(input, 'kind');
      const id = optionalString(input, 'id');
      const completed = ctx.lifecycle.completeAll(ctx.store, { account, kind, id });
      return ok({ completed });
    }
  }
  return undefined;
}

/** Fault rules: list, show, add, remove. */
function faultEndpoints(ctx: AdminContext, { method, faultId, input }: AdminRequest): AdminAnswer | undefined {
  switch (method) {
    case 'GET': {
      if (faultId !== undefined) {
        const rule = ctx.faults.get(faultId);
        return rule ? ok(rule) : fail(404, 'NoSuchObject', `no fault ${faultId}`);
      }
      return ok({ rules: ctx.faults.list(), injected: ctx.faults.injected });
    }
    case 'POST': {
      if (faultId !== undefined) return fail(405, 'MethodNotAllowed', 'POST /_emulator/faults with the rule as body');
      if (input.seed !== undefined && !Number.isInteger(input.seed)) {
        return fail(400, 'BadRequest', 'seed must be an integer');
      }
      let rules: FaultRule[];
      if (input.rules !== undefined) {
        onlyKeys(input, ['rules', 'seed']);
        if (!Array.isArray(input.rules)) return fail(400, 'BadRequest', 'rules must be an array');
        if (input.rules.length > 1000) return fail(400, 'BadRequest', 'at most 1000 rules at a time');
        rules = input.rules as FaultRule[];
      } else if (input.action !== undefined) {
        const { seed: _seed, ...rule } = input;
        rules = [rule as unknown as FaultRule];
      } else if (input.seed !== undefined) {
        onlyKeys(input, ['seed']);
        rules = [];
      } else return fail(400, 'BadRequest', 'give a fault rule, {"rules": [...]} or {"seed": n}');
      // All or nothing: a bad rule adds none of them.
      try {
        for (const rule of rules) FaultInjector.validate(rule);
      } catch (err) {
        return fail(400, 'BadRequest', (err as Error).message);
      }
      if (typeof input.seed === 'number') ctx.faults.seed(input.seed);
      const ids = rules.map((r) => ctx.faults.add(r));
      return ok({ ids }, 201);
    }
    case 'DELETE': {
      if (faultId !== undefined) {
        return ctx.faults.remove(faultId) ? ok({ removed: faultId }) : fail(404, 'NoSuchObject', `no fault ${faultId}`);
      }
      ctx.faults.clear();
      return ok({ removed: 'all' });
    }
  }
  return undefined;
}

/** The journal of requests: list (filtered) and clear. */
function journalEndpoints(
  ctx: AdminContext,
  { method, route, rawQuery, query }: AdminRequest,
): AdminAnswer | undefined {
  switch (`${method} ${route}`) {
    case 'GET journal': {
      const limitText = query.get('limit');
      if (limitText !== null && !/^\d+$/.test(limitText)) {
        return fail(400, 'BadRequest', 'limit must be a non-negative integer');
      }
      return ok(filterJournal(ctx.journal, query, limitText === null ? undefined : Number(limitText)));
    }
    case 'DELETE journal':
      if (rawQuery !== '') return fail(400, 'BadRequest', 'DELETE journal takes no query');
      ctx.journal.clear();
      return ok({ cleared: true });
  }
  return undefined;
}
