import { EmulatorError } from 'bec-emulator';
import { describe, expect, it } from 'vitest';
import { paginate, paginateByMarker } from '../src/core/paging.js';
import { matchesKeyword, publicFields } from '../src/core/records.js';

const items = [
  { id: 'a', name: 'beta', createTime: '2024-01-02T00:00:00Z', n: 10 },
  { id: 'b', name: 'Alpha', createTime: '2024-01-03T00:00:00Z', n: 2 },
  { id: 'c', name: 'alpha', createTime: '2024-01-01T00:00:00Z', n: 33 },
];

function code(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof EmulatorError ? `${err.status} ${err.code}` : String(err);
  }
}

describe('paginate (v1 pageNo/pageSize)', () => {
  it('newest first by default, with the paging fields filled', () => {
    const page = paginate(items, {});
    expect(page.result.map((r) => r.id)).toEqual(['b', 'a', 'c']);
    expect(page).toMatchObject({ pageNo: 1, pageSize: 1000, totalCount: 3, order: 'DESC', orderBy: 'createTime' });
  });

  it('orders numbers numerically and strings by code unit, ascending or descending', () => {
    expect(paginate(items, { orderBy: 'n', order: 'asc' }).result.map((r) => r.n)).toEqual([2, 10, 33]);
    expect(paginate(items, { orderBy: 'name', order: 'ASC' }).result.map((r) => r.name)).toEqual([
      'Alpha',
      'alpha',
      'beta',
    ]);
  });

  it('pages', () => {
    const second = paginate(items, { pageNo: 2, pageSize: 2 });
    expect(second.result.map((r) => r.id)).toEqual(['c']);
    expect(second.totalCount).toBe(3);
    expect(paginate(items, { pageNo: 3, pageSize: 2 }).result).toEqual([]);
  });

  it('refuses out-of-range paging and unknown orders with 400', () => {
    expect(code(() => paginate(items, { pageNo: 0 }))).toBe('400 BadRequest');
    expect(code(() => paginate(items, { pageSize: 1001 }))).toBe('400 BadRequest');
    expect(code(() => paginate(items, { pageSize: 11 }, { maxPageSize: 10 }))).toBe('400 BadRequest');
    expect(code(() => paginate(items, { order: 'sideways' }))).toBe('400 BadRequest');
    expect(code(() => paginate(items, { orderBy: 'n' }, { maxPageSize: 10, sortable: ['createTime'] }))).toBe(
      '400 BadRequest',
    );
  });
});

describe('paginateByMarker (v2 marker/maxKeys)', () => {
  it('walks the list in order; nextMarker only when truncated', () => {
    const first = paginateByMarker(items, 'id', { maxKeys: 2 });
    expect(first).toMatchObject({ marker: '', maxKeys: 2, isTruncated: true, nextMarker: 'c' });
    expect(first.items.map((r) => r.id)).toEqual(['a', 'b']);
    const last = paginateByMarker(items, 'id', { marker: first.nextMarker, maxKeys: 2 });
    expect(last).toMatchObject({ marker: 'c', isTruncated: false, nextMarker: '' });
    expect(last.items.map((r) => r.id)).toEqual(['c']);
  });

  it('an unknown marker or an out-of-range maxKeys is a 400', () => {
    expect(code(() => paginateByMarker(items, 'id', { marker: 'zzz' }))).toBe('400 BadRequest');
    expect(code(() => paginateByMarker(items, 'id', { maxKeys: 0 }))).toBe('400 BadRequest');
    expect(code(() => paginateByMarker(items, 'id', { maxKeys: 1001 }))).toBe('400 BadRequest');
  });
});

describe('helpers', () => {
  it('matchesKeyword: one field by keywordType, or any of the fields; case-insensitive', () => {
    expect(matchesKeyword(items[1]!, 'name', 'ALP', ['id'])).toBe(true);
    expect(matchesKeyword(items[1]!, 'id', 'alp', ['name'])).toBe(false);
    expect(matchesKeyword(items[1]!, undefined, 'alp', ['id', 'name'])).toBe(true);
    expect(matchesKeyword(items[1]!, undefined, undefined, [])).toBe(true);
  });

  it('publicFields drops bookkeeping keys', () => {
    expect(publicFields({ id: 'x', _pending: { at: 1 }, _other: 2 })).toEqual({ id: 'x' });
  });
});
