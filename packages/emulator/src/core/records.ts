import { EmulatorError, notFound } from '../errors.js';
import type { StoredRecord, Transaction } from '../store.js';
import type { HandlerContext } from './handler.js';

/** Strips the emulator's bookkeeping (`_pending`, ...) from a record. */
export function publicFields<T extends Record<string, unknown>>(record: T): Omit<T, `_${string}`> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (!k.startsWith('_')) out[k] = v;
  return out as Omit<T, `_${string}`>;
}

/** The record, or 404 NoSuchObject. `label` names the resource in the message (e.g. "VM service"). */
export function mustGet<T extends StoredRecord>(state: Transaction, kind: string, id: string, label = kind): T {
  const record = state.get<T>(kind, id);
  if (!record) throw notFound(label, id);
  return record;
}

/** Case-insensitive keyword match of `keywordType` field (or of any of `fields` when no type is given). */
export function matchesKeyword(
  record: Record<string, unknown>,
  keywordType: string | undefined,
  keyword: string | undefined,
  fields: readonly string[],
): boolean {
  if (!keyword) return true;
  const k = keyword.toLowerCase();
  const keys = keywordType ? [keywordType] : fields;
  return keys.some((f) =>
    String(record[f] ?? '')
      .toLowerCase()
      .includes(k),
  );
}

/** The `{result, action, details}` envelope of BEC v1 writes. */
export function actionResult<T>(action: string, details: T): { result: boolean; action: string; details: T } {
  return { result: true, action, details };
}

/** The handler context's virtual time as BEC writes it (`2023-11-14T22:13:20Z`). */
export function now(ctx: HandlerContext): string {
  return ctx.clock.isoNow();
}

/** Equal ignoring case (BEC statuses come in several casings). */
export function sameStatus(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.toUpperCase() === b.toUpperCase();
}

/** A fresh `<prefix><8>` ID that none of `kinds` uses (VM and container services share `s-`). */
export function freshId(ctx: HandlerContext, prefix: string, kinds: readonly string[]): string {
  for (;;) {
    const id = ctx.ids.next(prefix);
    if (kinds.every((k) => !ctx.state.get(k, id))) return id;
  }
}

/** One entry of a batch call's result (BEC's OperationVo). */
export interface BatchOutcome {
  resourceId: string;
  success: boolean;
  error: string;
}

/** Runs `fn` for one resource of a batch and reports the outcome the way BEC's batch calls do. */
export function outcomeOf(resourceId: string, fn: () => void): BatchOutcome {
  try {
    fn();
    return { resourceId, success: true, error: '' };
  } catch (err) {
    if (err instanceof EmulatorError) return { resourceId, success: false, error: `${err.code}: ${err.message}` };
    throw err;
  }
}

/** Runs `fn` for every ID of a batch and reports each outcome. */
export function perId(ids: readonly string[], fn: (id: string) => void): BatchOutcome[] {
  return ids.map((id) => outcomeOf(id, () => fn(id)));
}
