/**
 * The store's secondary indexes (store-index.ts) against the plain scan they replace: after any
 * sequence of puts, updates, in-place changes, deletes, commits, rollbacks, loads and resets,
 * `tx.lookup(index, key)` is `tx.list(kind)` filtered to the records with that key, in the same
 * order, and `tx.count` its length.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Change, defineIndex, type Persistence, StateStore, type StoredRecord } from '../src/store.js';

const KIND = 'thing';
const ACCOUNT = 'acct';

interface Thing extends StoredRecord {
  group?: string | undefined;
  tags?: string[];
}

/** One key per record (like a VM instance's serviceId). */
const BY_GROUP = defineIndex<Thing>(KIND, 'group', (t) => t.group);
/** Several keys per record (like a VM instance's addresses); duplicates count once. */
const BY_TAG = defineIndex<Thing>(KIND, 'tag', (t) => t.tags ?? []);

const GROUPS = ['a', 'b', 'c'];
const TAGS = ['x', 'y', 'z'];
const IDS = ['t1', 't2', 't3', 't4', 't5'];

/** The scan an index replaces. */
function scan(store: StateStore, key: string, keysOf: (t: Thing) => readonly string[]): string[] {
  return store.transaction(ACCOUNT, (tx) =>
    tx
      .list<Thing>(KIND)
      .filter((t) => keysOf(t).includes(key))
      .map((t) => t.id as string),
  );
}

function expectAgrees(store: StateStore): void {
  store.transaction(ACCOUNT, (tx) => {
    for (const g of GROUPS) {
      const expected = scan(store, g, (t) => (t.group === undefined ? [] : [t.group]));
      expect(tx.lookup(BY_GROUP, g).map((t) => t.id)).toEqual(expected);
      expect(tx.count(BY_GROUP, g)).toBe(expected.length);
    }
    for (const tag of TAGS) {
      const expected = scan(store, tag, (t) => t.tags ?? []);
      expect(tx.lookup(BY_TAG, tag).map((t) => t.id)).toEqual(expected);
      expect(tx.count(BY_TAG, tag)).toBe(expected.length);
    }
  });
}

/** A persistence layer in memory: what was committed is what the next store loads. */
class MemoryPersistence implements Persistence {
  readonly rows = new Map<string, { account: string; kind: string; id: string; value: StoredRecord }>();
  load() {
    return [...this.rows.values()].map((r) => ({ ...r, value: structuredClone(r.value) }));
  }
  commit(changes: readonly Change[]): void {
    for (const c of changes) {
      const key = `${c.account}\n${c.kind}\n${c.id}`;
      if (c.value === undefined) this.rows.delete(key);
      else this.rows.set(key, { account: c.account, kind: c.kind, id: c.id, value: structuredClone(c.value) });
    }
  }
  clear(): void {
    this.rows.clear();
  }
  close(): void {}
}

const thing = fc.record({
  group: fc.option(fc.constantFrom(...GROUPS), { nil: undefined }),
  tags: fc.array(fc.constantFrom(...TAGS), { maxLength: 4 }),
});

const op = fc.oneof(
  fc.record({ op: fc.constant('put' as const), id: fc.constantFrom(...IDS), value: thing }),
  fc.record({ op: fc.constant('update' as const), id: fc.constantFrom(...IDS), value: thing }),
  // The key array itself changed in place (like a VM instance's privateIps).
  fc.record({ op: fc.constant('retag' as const), id: fc.constantFrom(...IDS), value: thing }),
  // Changed in place after a put: filed under its new keys by the commit (until then, as the
  // store's rule says, the record must be put again for reads to see the change).
  fc.record({ op: fc.constant('putThenChange' as const), id: fc.constantFrom(...IDS), value: thing }),
  fc.record({ op: fc.constant('delete' as const), id: fc.constantFrom(...IDS) }),
  // Reads in the middle of a transaction must see its own writes.
  fc.record({ op: fc.constant('check' as const) }),
);

const transaction = fc.record({
  ops: fc.array(op, { maxLength: 6 }),
  ending: fc.constantFrom('commit', 'rollback', 'throw', 'restart', 'reset'),
});

describe('store secondary indexes', () => {
  it('agree with a scan after any mix of changes, commits, rollbacks, restarts and resets', () => {
    fc.assert(
      fc.property(fc.array(transaction, { maxLength: 12 }), fc.boolean(), (transactions, early) => {
        const persistence = new MemoryPersistence();
        let store = new StateStore(persistence);
        // Built before any record (kept from the start) or only at the end (built from the records).
        if (early) expectAgrees(store);
        for (const { ops, ending } of transactions) {
          const tx = store.begin(ACCOUNT);
          let changedInPlace = false;
          for (const o of ops) {
            if (o.op === 'check') {
              if (!changedInPlace) expectAgrees(store);
            } else if (o.op === 'put') {
              tx.put<Thing>(KIND, o.id, { id: o.id, ...structuredClone(o.value) });
            } else if (o.op === 'update') {
              if (tx.get(KIND, o.id))
                tx.update<Thing>(KIND, o.id, (r) => {
                  r.group = o.value.group;
                  r.tags = [...o.value.tags];
                });
            } else if (o.op === 'retag') {
              if (tx.get(KIND, o.id))
                tx.update<Thing>(KIND, o.id, (r) => {
                  r.tags ??= [];
                  r.tags.splice(0, r.tags.length, ...o.value.tags);
                });
            } else if (o.op === 'putThenChange') {
              const record = tx.put<Thing>(KIND, o.id, { id: o.id, group: 'a', tags: ['x'] });
              record.group = o.value.group;
              record.tags = [...o.value.tags];
              changedInPlace = true;
            } else {
              tx.delete(KIND, o.id);
            }
          }
          if (ending === 'rollback' || ending === 'throw') tx.rollback();
          else tx.commit();
          if (ending === 'restart') {
            store = new StateStore(persistence);
            if (early) expectAgrees(store);
          } else if (ending === 'reset') {
            store.reset();
          }
          expectAgrees(store);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a record keeps its place under a key while it stays there, and takes its kind place when it comes back', () => {
    const store = new StateStore();
    store.transaction(ACCOUNT, (tx) => {
      for (const id of ['t1', 't2', 't3']) tx.put<Thing>(KIND, id, { id, group: 'a' });
      expect(tx.lookup(BY_GROUP, 'a').map((t) => t.id)).toEqual(['t1', 't2', 't3']);
      tx.update<Thing>(KIND, 't1', (r) => {
        r.group = 'b';
      });
      tx.update<Thing>(KIND, 't2', (r) => {
        r.tags = ['x'];
      });
      expect(tx.lookup(BY_GROUP, 'a').map((t) => t.id)).toEqual(['t2', 't3']);
      tx.update<Thing>(KIND, 't1', (r) => {
        r.group = 'a';
      });
      // Back in the kind's order (t1 was stored first), not at the end.
      expect(tx.lookup(BY_GROUP, 'a').map((t) => t.id)).toEqual(['t1', 't2', 't3']);
    });
  });

  it('a rolled-back request leaves the indexes as they were, built or not before it', () => {
    const store = new StateStore();
    store.transaction(ACCOUNT, (tx) => tx.put<Thing>(KIND, 't1', { id: 't1', group: 'a', tags: ['x'] }));
    expect(() =>
      store.transaction(ACCOUNT, (tx) => {
        expect(tx.count(BY_GROUP, 'a')).toBe(1);
        tx.put<Thing>(KIND, 't2', { id: 't2', group: 'a' });
        tx.update<Thing>(KIND, 't1', (r) => {
          r.group = 'b';
          r.tags = ['y'];
        });
        tx.delete(KIND, 't2');
        tx.put<Thing>(KIND, 't3', { id: 't3', group: 'b', tags: ['x', 'x'] });
        expect(tx.lookup(BY_GROUP, 'b').map((t) => t.id)).toEqual(['t1', 't3']);
        expect(tx.count(BY_TAG, 'x')).toBe(1);
        throw new Error('handler failed');
      }),
    ).toThrow('handler failed');
    store.transaction(ACCOUNT, (tx) => {
      expect(tx.lookup(BY_GROUP, 'a').map((t) => t.id)).toEqual(['t1']);
      expect(tx.count(BY_GROUP, 'b')).toBe(0);
      expect(tx.lookup(BY_TAG, 'x').map((t) => t.id)).toEqual(['t1']);
      expect(tx.count(BY_TAG, 'y')).toBe(0);
      // The record found through the index is the live one (the rollback stored a copy).
      expect(tx.lookup(BY_GROUP, 'a')[0]).toBe(tx.get(KIND, 't1'));
    });
    expectAgrees(store);
  });

  it('each account has its own index', () => {
    const store = new StateStore();
    store.transaction('one', (tx) => tx.put<Thing>(KIND, 't1', { id: 't1', group: 'a' }));
    store.transaction('two', (tx) => tx.put<Thing>(KIND, 't2', { id: 't2', group: 'a' }));
    expect(store.transaction('one', (tx) => tx.lookup(BY_GROUP, 'a').map((t) => t.id))).toEqual(['t1']);
    expect(store.transaction('two', (tx) => tx.lookup(BY_GROUP, 'a').map((t) => t.id))).toEqual(['t2']);
    expect(store.transaction('three', (tx) => tx.lookup(BY_GROUP, 'a'))).toEqual([]);
  });

  it('values() iterates the live records of a kind without a copy, in insertion order', () => {
    const store = new StateStore();
    store.transaction(ACCOUNT, (tx) => {
      expect([...tx.values(KIND)]).toEqual([]);
      for (const id of ['t2', 't1']) tx.put<Thing>(KIND, id, { id });
      expect([...tx.values(KIND)].map((t) => t.id)).toEqual(['t2', 't1']);
      expect([...tx.values(KIND)][0]).toBe(tx.get(KIND, 't2'));
      expect(tx.find<Thing>(KIND, (t) => t.id === 't1')).toBe(tx.get(KIND, 't1'));
      expect(tx.find<Thing>(KIND, (t) => t.id === 'none')).toBeUndefined();
    });
  });
});
