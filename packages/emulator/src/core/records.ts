import { notFound } from '../errors.js';
import type { StoredRecord, Transaction } from '../store.js';
import type { HandlerContext } from './handler.js';

/** Where a VM instance or a container deployment runs: its edge node and its network. */
export interface NodePlacement {
  regionId: string;
  region: string;
  city: string;
  serviceProvider: string;
  /** `classic` or `vpc`. */
  networkType: string;
  /** '' for classic networking. */
  vpcId: string;
  subnetId: string;
}

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
