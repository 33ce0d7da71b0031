import type { AdminContext } from '../admin-context.js';
import type { Journal, JournalEntry } from '../journal.js';
import type { StoredRecord } from '../store.js';

interface Answer {
  status: number;
  body: string;
}

const ok = (value: unknown): Answer => ({ status: 200, body: JSON.stringify(value) });
const fail = (status: number, code: string, message: string): Answer => ({
  status,
  body: JSON.stringify({ code, message }),
});

/** One resource as the dashboard lists it. */
export interface ResourceSummary {
  id: string;
  name?: string;
  status?: string;
  region?: string;
  created?: string;
  /** Virtual time of the latest lifecycle event the emulator saw. */
  updated?: string;
  /** A scheduled lifecycle step: the status it leads to (or `deleted`) and when (`manual` when waiting). */
  next?: string;
  due?: string;
}

const NAME_FIELDS = ['name', 'serviceName', 'vmName', 'blbName', 'imageName', 'deploymentName', 'podName'];
const REGION_FIELDS = ['regionId', 'region', 'city'];
const TIME_FIELDS = ['createTime', 'createdTime', 'createdAt', 'gmtCreate'];

function firstString(record: StoredRecord, names: readonly string[]): string | undefined {
  for (const name of names) {
    const v = record[name];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

function pendingOf(record: StoredRecord): { next: string; due: string } | undefined {
  const step = record._pending;
  if (!step) return undefined;
  const next = step.remove ? 'deleted' : (step.status ?? (typeof record.status === 'string' ? record.status : ''));
  return { next, due: Number.isFinite(step.at) ? new Date(step.at).toISOString() : 'manual' };
}

function summarize(ctx: AdminContext, account: string, kind: string, id: string, r: StoredRecord): ResourceSummary {
  const out: ResourceSummary = { id };
  const name = firstString(r, NAME_FIELDS);
  if (name !== undefined) out.name = name;
  if (typeof r.status === 'string') out.status = r.status;
  const region = firstString(r, REGION_FIELDS);
  if (region !== undefined) out.region = region;
  const created = firstString(r, TIME_FIELDS);
  if (created !== undefined) out.created = created;
  const updated = ctx.history?.lastAt(account, kind, id);
  if (updated !== undefined) out.updated = updated;
  return { ...out, ...pendingOf(r) };
}

function accountsOf(ctx: AdminContext): string[] {
  return [...new Set([...(ctx.accountIds ?? []), ...ctx.store.accounts()])];
}

const clean = (r: StoredRecord): Record<string, unknown> =>
  Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('_')));

/** `GET resources[?account=]`: the virtual time, the accounts and one account's resources by kind. */
function resources(ctx: AdminContext, query: URLSearchParams): Answer {
  ctx.settleAll();
  const accounts = accountsOf(ctx);
  const account = query.get('account') ?? accounts[0] ?? '';
  const groups: Array<{ kind: string; items: ResourceSummary[] }> = [];
  for (const kind of ctx.store.kinds(account)) {
    if (kind.startsWith('_')) continue;
    const items = ctx.store.entries(account, kind).map(([id, r]) => summarize(ctx, account, kind, id, r));
    if (items.length) groups.push({ kind, items });
  }
  const clock = { now: ctx.clock.now(), iso: new Date(ctx.clock.now()).toISOString(), mode: ctx.clock.mode };
  return ok({ clock, accounts, account, groups });
}

/** `GET resource?account=&kind=&id=`: one resource's full JSON, its scheduled step and its history. */
function resource(ctx: AdminContext, query: URLSearchParams): Answer {
  const account = query.get('account');
  const kind = query.get('kind');
  const id = query.get('id');
  if (!account || !kind || !id || kind.startsWith('_')) {
    return fail(400, 'BadRequest', 'resource needs account, kind and id');
  }
  ctx.settleAll();
  const record = ctx.store.get(account, kind, id);
  const history = ctx.history?.of(account, kind, id) ?? [];
  if (!record && history.length === 0) return fail(404, 'NoSuchObject', `no ${kind} ${id} in this account`);
  return ok({
    account,
    kind,
    id,
    record: record ? clean(record) : null,
    pending: record ? pendingOf(record) : undefined,
    history,
  });
}

function journalEntry(journal: Journal, seqText: string): Answer {
  if (!/^\d{1,15}$/.test(seqText)) return fail(400, 'BadRequest', 'a journal entry is named by its seq number');
  const found = journal.find(Number(seqText));
  if (!found) return fail(404, 'NoSuchObject', `journal entry ${seqText} is no longer kept`);
  return ok({ ...found.entry, ...(found.detail ?? {}) });
}

/** The dashboard's read-only admin endpoints; undefined for routes that are not theirs. */
export function dashboardAdmin(
  ctx: AdminContext,
  method: string,
  route: string,
  query: URLSearchParams,
): Answer | undefined {
  if (method !== 'GET') return undefined;
  if (route === 'resources') return resources(ctx, query);
  if (route === 'resource') return resource(ctx, query);
  if (route.startsWith('journal/')) return journalEntry(ctx.journal, route.slice('journal/'.length));
  return undefined;
}

function statusTest(text: string): (status: number) => boolean {
  if (/^\d{1,3}$/.test(text)) return (s) => s === Number(text);
  if (/^[1-5]xx$/i.test(text)) return (s) => Math.floor(s / 100) === Number(text[0]);
  if (text === 'error') return (s) => s === 0 || s >= 400;
  if (text === 'dropped') return (s) => s === 0;
  throw new TypeError('status must be a code (404), a class (4xx), "error" or "dropped"');
}

/**
 * `GET journal` with optional filters: `operation` (exact), `status` (404, 4xx, error, dropped),
 * `account`, and `resource` (text found in the path, query or either body). `limit` counts matches.
 */
export function filterJournal(journal: Journal, query: URLSearchParams, limit?: number): JournalEntry[] {
  const operation = query.get('operation') || undefined;
  const statusText = query.get('status') || undefined;
  const account = query.get('account') || undefined;
  const resourceText = query.get('resource')?.toLowerCase() || undefined;
  if (!operation && !statusText && !account && !resourceText) return journal.toArray(limit);
  const status = statusText === undefined ? undefined : statusTest(statusText);
  const out: JournalEntry[] = [];
  for (const { entry, detail } of journal.withDetails()) {
    if (operation !== undefined && entry.operation !== operation) continue;
    if (status && !status(entry.status)) continue;
    if (account !== undefined && entry.account !== account) continue;
    if (resourceText !== undefined) {
      const haystack = [entry.path, detail?.request.body, detail?.response.body, JSON.stringify(detail?.request.query)];
      if (!haystack.some((t) => t?.toLowerCase().includes(resourceText))) continue;
    }
    out.push(entry);
  }
  return limit === undefined ? out : out.slice(Math.max(0, out.length - limit));
}
