import { badRequest } from '../errors.js';

export interface PageQuery {
  pageNo?: number | undefined;
  pageSize?: number | undefined;
  order?: string | undefined;
  orderBy?: string | undefined;
}

export interface Page<T> {
  result: T[];
  pageNo: number;
  pageSize: number;
  totalCount: number;
  order: string;
  orderBy: string;
}

/**
 * BEC's v1 paging (`pageNo` from 1, `pageSize` with an endpoint-specific maximum and default),
 * ordered by `orderBy` (default `createTime`) and `order` (default `desc`).
 */
export function paginate<T extends object>(
  items: readonly T[],
  query: PageQuery,
  limits: { maxPageSize: number; defaultPageSize?: number; sortable?: readonly string[] } = { maxPageSize: 1000 },
): Page<T> {
  const pageNo = query.pageNo ?? 1;
  const pageSize = query.pageSize ?? limits.defaultPageSize ?? limits.maxPageSize;
  if (!Number.isInteger(pageNo) || pageNo < 1) throw badRequest('Invalid pageNo: must be at least 1.');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > limits.maxPageSize) {
    throw badRequest(`Invalid pageSize: must be from 1 to ${limits.maxPageSize}.`);
  }
  const orderBy = query.orderBy || 'createTime';
  if (limits.sortable && !limits.sortable.includes(orderBy)) {
    throw badRequest(`Invalid orderBy: must be one of ${limits.sortable.join(', ')}.`);
  }
  const direction = (query.order || 'desc').toLowerCase();
  if (direction !== 'asc' && direction !== 'desc') throw badRequest('Invalid order: must be asc or desc.');
  const sign = direction === 'asc' ? 1 : -1;
  const field = (item: T): unknown => (item as Record<string, unknown>)[orderBy];
  const sorted = [...items].sort((a, b) => compare(field(a), field(b)) * sign);
  const start = (pageNo - 1) * pageSize;
  // BEC writes the order in upper case in its list responses (DESC / ASC).
  const order = direction.toUpperCase();
  return { result: sorted.slice(start, start + pageSize), pageNo, pageSize, totalCount: items.length, order, orderBy };
}

/** The paging fields of a v1 list response, without `result`. */
export function pageFields(page: Page<unknown>): {
  orderBy: string;
  order: string;
  pageNo: number;
  pageSize: number;
  totalCount: number;
} {
  return {
    orderBy: page.orderBy,
    order: page.order,
    pageNo: page.pageNo,
    pageSize: page.pageSize,
    totalCount: page.totalCount,
  };
}

/** pageFields() plus the `orders: [{orderBy, order}]` most v1 list models also carry. */
export function pageFieldsWithOrders(page: Page<unknown>): ReturnType<typeof pageFields> & {
  orders: Array<{ orderBy: string; order: string }>;
} {
  return { orders: [{ orderBy: page.orderBy, order: page.order }], ...pageFields(page) };
}

/** Numbers numerically, everything else by code unit (stable across locales, and fast). */
function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a ?? '');
  const y = String(b ?? '');
  return x < y ? -1 : x > y ? 1 : 0;
}

export interface MarkerPage<T> {
  items: T[];
  marker: string;
  maxKeys: number;
  isTruncated: boolean;
  nextMarker: string;
}

/**
 * BEC's v2 paging: items in creation order; `marker` is the id of the first item of the page
 * (unknown markers are a 400); `nextMarker` is set only when `isTruncated`.
 */
export function paginateByMarker<T extends Record<string, unknown>>(
  items: readonly T[],
  idKey: keyof T & string,
  query: { marker?: string | undefined; maxKeys?: number | undefined },
): MarkerPage<T> {
  const maxKeys = query.maxKeys ?? 1000;
  if (!Number.isInteger(maxKeys) || maxKeys < 1 || maxKeys > 1000)
    throw badRequest('Invalid maxKeys: must be from 1 to 1000.');
  let start = 0;
  if (query.marker) {
    start = items.findIndex((item) => item[idKey] === query.marker);
    if (start === -1) throw badRequest(`Invalid marker: ${query.marker} is not in this list.`);
  }
  const page = items.slice(start, start + maxKeys);
  const next = items[start + maxKeys];
  return {
    items: page,
    marker: query.marker ?? '',
    maxKeys,
    isTruncated: next !== undefined,
    nextMarker: next ? String(next[idKey]) : '',
  };
}
