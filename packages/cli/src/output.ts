import { isPaginatedOperation, paginatorSpecs } from 'bec-sdk/spec';
import jmespath from 'jmespath';
import { UsageError } from './errors.js';
import { type Painter, safeLine } from './terminal.js';

export type OutputFormat = 'json' | 'table' | 'text';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['json', 'table', 'text'];

/** Applies a JMESPath expression (https://jmespath.org) to a result. */
export function applyQuery(value: unknown, expression: string | undefined): unknown {
  if (expression === undefined) return value;
  try {
    // A JSON round trip gives the library plain data (no $metadata, no class instances).
    return jmespath.search(JSON.parse(JSON.stringify(value ?? null)), expression);
  } catch (err) {
    throw new UsageError(`--query: ${(err as Error).message}`);
  }
}

/** A JSON document for stdout (the body only; `$metadata` is not enumerable). */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value ?? {}, null, 2)}\n`;
}

/** Widest a table column gets before its cells are cut with an ellipsis. */
const MAX_CELL = 48;
/** Most columns an item table shows; `--output json` has every field. */
const MAX_COLUMNS = 8;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function cell(value: unknown, max = MAX_CELL): string {
  let text: string;
  if (value === undefined || value === null) text = '';
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else if (Array.isArray(value) && value.every(isScalar)) text = value.join(',');
  else if (Array.isArray(value)) text = `[${value.length} item${value.length === 1 ? '' : 's'}]`;
  else text = JSON.stringify(value);
  // Names and messages come from the server: no control character reaches the terminal.
  text = safeLine(text);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Columns a string takes in a terminal: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  }
  return width;
}

/** Renders rows as an aligned text table with a header line (bold when a painter colours). */
export function renderTable(
  columns: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  paint?: Painter,
): string {
  const widths = columns.map((c, i) => Math.max(displayWidth(c), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const pad = (v: string, i: number): string => v + ' '.repeat(Math.max(0, widths[i]! - displayWidth(v)));
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) => (i === values.length - 1 ? v : pad(v, i)))
      .join('  ')
      .trimEnd();
  const header = paint ? paint('bold', line(columns)) : line(columns);
  return `${[header, line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}

const isEmpty = (v: unknown): boolean =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * Columns of an item table: the item's own ID (its first `…Id` field), names, status, then the
 * other scalar fields in order, other IDs last; columns empty in every row are left out.
 */
function itemColumns(items: ReadonlyArray<Record<string, unknown>>): string[] {
  const keys: string[] = [];
  for (const item of items) {
    for (const [k, v] of Object.entries(item)) {
      if (!keys.includes(k) && (isScalar(v) || (Array.isArray(v) && v.every(isScalar)))) keys.push(k);
    }
  }
  const present = keys.filter((k) => items.some((item) => !isEmpty(item[k])));
  const isId = (k: string): boolean => /Id$|^id$/.test(k);
  const ownId = present.find(isId);
  const rank = (k: string): number =>
    k === ownId ? 0 : /Name$|^name$/.test(k) ? 1 : k === 'status' ? 2 : isId(k) ? 4 : 3;
  return present
    .map((k, i) => ({ k, i }))
    .sort((a, b) => rank(a.k) - rank(b.k) || a.i - b.i)
    .slice(0, MAX_COLUMNS)
    .map((e) => e.k);
}

/** A table of list items (one row each). */
export function itemsTable(items: readonly unknown[], paint?: Painter): string {
  if (items.length === 0) return '(no items)\n';
  const objects = items.map((i) => (isPlainObject(i) ? i : { value: i }));
  const columns = itemColumns(objects);
  return renderTable(
    columns,
    objects.map((o) => columns.map((c) => cell(o[c]))),
    paint,
  );
}

/** Nested objects flattened to dotted keys (two levels), for a key/value table. */
function flatten(value: Record<string, unknown>, prefix = '', depth = 0, out: Array<[string, unknown]> = []) {
  for (const [k, v] of Object.entries(value)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isPlainObject(v) && depth < 2 && Object.keys(v).length > 0) flatten(v, key, depth + 1, out);
    else out.push([key, v]);
  }
  return out;
}

/**
 * A key/value table of one object, then a table for each list of objects in it (the instances
 * of a VM service, with their IDs), which the key/value table can only count.
 */
export function objectTable(value: Record<string, unknown>, paint?: Painter): string {
  const pairs = flatten(value);
  if (pairs.length === 0) return '(empty response)\n';
  let text = renderTable(
    ['FIELD', 'VALUE'],
    pairs.map(([k, v]) => [k, cell(v)]),
    paint,
  );
  for (const [k, v] of pairs) {
    if (Array.isArray(v) && v.length > 0 && v.every(isPlainObject)) text += `\n${cell(k)}:\n${itemsTable(v, paint)}`;
  }
  return text;
}

/** Where the items of a list result are: the paginator's field, or the only array of objects. */
export function listItems(operation: string, result: unknown): unknown[] | undefined {
  if (Array.isArray(result)) return result;
  if (!isPlainObject(result)) return undefined;
  const spec = isPaginatedOperation(operation) ? paginatorSpecs[operation] : undefined;
  if (spec) {
    const items = result[spec.items];
    return Array.isArray(items) ? items : [];
  }
  // A result that is one list of objects plus scalars (e.g. the available nodes) reads as a table too.
  const lists = Object.values(result).filter((v) => Array.isArray(v) && v.length > 0 && v.every(isPlainObject));
  const nested = Object.values(result).filter((v) => isPlainObject(v));
  if (lists.length === 1 && nested.length === 0) return lists[0] as unknown[];
  return undefined;
}

/** Human-readable output of an operation's result. */
export function formatTable(operation: string, result: unknown, paint?: Painter): string {
  const items = listItems(operation, result);
  if (items) {
    let text = itemsTable(items, paint);
    if (isPlainObject(result)) {
      const paging = ['pageNo', 'pageSize', 'totalCount', 'nextMarker', 'isTruncated']
        .filter((k) => result[k] !== undefined && result[k] !== '')
        .map((k) => `${k}=${cell(result[k])}`);
      if (paging.length) text += `${paging.join('  ')}\n`;
    }
    return text;
  }
  if (isPlainObject(result)) return objectTable(result, paint);
  return `${cell(result)}\n`;
}

/**
 * Text for scripts: list items one per line with the table's columns separated by tabs (no
 * header), an object as `field<TAB>value` lines, a list of scalars one per line.
 */
export function formatText(operation: string, result: unknown): string {
  const items = listItems(operation, result);
  if (items) {
    if (items.every((i) => !isPlainObject(i))) {
      const row = (i: unknown): string =>
        Array.isArray(i) ? i.map((v) => cell(v, Infinity)).join('\t') : cell(i, Infinity);
      return items.map((i) => `${row(i)}\n`).join('');
    }
    const objects = items.map((i) => (isPlainObject(i) ? i : { value: i }));
    const columns = itemColumns(objects);
    return objects.map((o) => `${columns.map((c) => cell(o[c], Infinity)).join('\t')}\n`).join('');
  }
  if (isPlainObject(result))
    return flatten(result)
      .map(([k, v]) => `${k}\t${cell(v, Infinity)}\n`)
      .join('');
  return result === undefined || result === null ? '' : `${cell(result, Infinity)}\n`;
}

/** A result in the chosen format. */
export function formatOutput(format: OutputFormat, operation: string, result: unknown, paint?: Painter): string {
  if (format === 'json') return formatJson(result);
  if (format === 'text') return formatText(operation, result);
  return formatTable(operation, result, paint);
}
