/**
 * Secondary indexes of the store: which records of one kind are filed under a key, e.g. the VM
 * instances of a service (key: the serviceId) or the records holding a private address (key: the
 * address). A handler asks `tx.lookup(index, key)` or `tx.count(index, key)` instead of scanning
 * every record of the kind, so its cost does not grow with the number of records in the account.
 *
 * An index is declared once, next to the records it covers (`defineIndex`), and built for an
 * account the first time it is used there. From then on the store keeps it at its single point of
 * change (`StateStore#set`: loading from SQLite, a handler's `put`/`update`/`delete`, commit and
 * rollback), so it can never disagree with the records. The keys of a record are read when the
 * record is stored; a record changed in place must be stored again (`update`, or `put` before the
 * commit), which is already the store's rule.
 */

/** What one index files: records of `kind`, each under the keys `keys` gives for it. */
export interface IndexDefinition<R = Record<string, unknown>> {
  readonly kind: string;
  /** For error messages and the code reader: what the key is (`serviceId`, `address`, ...). */
  readonly name: string;
  /** The keys a record is filed under: none (`undefined` or `[]`), one, or several. */
  readonly keys: (record: R) => string | readonly string[] | undefined;
}

/** Declares an index over the records of `kind` (a module-level constant; built lazily per account). */
export function defineIndex<R>(
  kind: string,
  name: string,
  keys: (record: R) => string | readonly string[] | undefined,
): IndexDefinition<R> {
  return { kind, name, keys };
}

/** The records filed under one key, by ID in the kind's order, and the highest place among them. */
interface Bucket<R> {
  readonly records: Map<string, R>;
  last: number;
}

const NO_KEYS: readonly string[] = [];

/**
 * One index over one account's records of its kind. `lookup` answers in the order of the kind
 * itself (the order of `tx.list`), so an index can replace a `list().filter()` without changing
 * what a client sees.
 */
export class RecordIndex<R = Record<string, unknown>> {
  readonly #keysOf: IndexDefinition<R>['keys'];
  readonly #buckets = new Map<string, Bucket<R>>();
  /** ID -> the keys the record is filed under now (kept, as the record may since have changed in place). */
  readonly #filed = new Map<string, readonly string[]>();
  /**
   * ID -> the record's place in its kind. A record new to the kind (or stored again after a
   * delete) goes last, as in the kind's own Map; a record stored again keeps its place.
   */
  readonly #place = new Map<string, number>();
  #nextPlace = 0;

  constructor(definition: IndexDefinition<R>) {
    this.#keysOf = definition.keys;
  }

  /** Files `record` (stored under `id`) under its current keys, and under no others. */
  file(id: string, record: R): void {
    let place = this.#place.get(id);
    if (place === undefined) {
      place = this.#nextPlace++;
      this.#place.set(id, place);
    }
    const raw = this.#keysOf(record);
    const keys = raw === undefined ? NO_KEYS : typeof raw === 'string' ? [raw] : raw;
    const before = this.#filed.get(id) ?? NO_KEYS;
    for (const key of before) if (!keys.includes(key)) this.#unfile(key, id);
    for (const key of keys) this.#fileUnder(key, id, record, place);
    if (keys.length > 0) this.#filed.set(id, [...keys]);
    else this.#filed.delete(id);
  }

  /** Forgets the record stored under `id` (it was deleted). */
  remove(id: string): void {
    for (const key of this.#filed.get(id) ?? NO_KEYS) this.#unfile(key, id);
    this.#filed.delete(id);
    this.#place.delete(id);
  }

  /** The records filed under `key`, in the kind's order (a new array). */
  lookup(key: string): R[] {
    const bucket = this.#buckets.get(key);
    return bucket ? [...bucket.records.values()] : [];
  }

  /** How many records are filed under `key`. */
  count(key: string): number {
    return this.#buckets.get(key)?.records.size ?? 0;
  }

  #fileUnder(key: string, id: string, record: R, place: number): void {
    const bucket = this.#buckets.get(key);
    if (!bucket) {
      this.#buckets.set(key, { records: new Map([[id, record]]), last: place });
      return;
    }
    const { records } = bucket;
    if (records.has(id) || place > bucket.last) {
      // Already filed here (keeps its place), or after every record filed here.
      records.set(id, record);
      bucket.last = Math.max(bucket.last, place);
      return;
    }
    // A record that was already stored gained this key: put it back in the kind's order.
    records.set(id, record);
    const ordered = [...records].sort(([a], [b]) => (this.#place.get(a) ?? 0) - (this.#place.get(b) ?? 0));
    records.clear();
    for (const [k, v] of ordered) records.set(k, v);
  }

  #unfile(key: string, id: string): void {
    const bucket = this.#buckets.get(key);
    if (!bucket) return;
    bucket.records.delete(id);
    if (bucket.records.size === 0) this.#buckets.delete(key);
  }
}

/**
 * One account's indexes, by kind: built on first use from the kind's records (`get`), then told
 * about every change of a record of that kind (`file`, `remove`).
 */
export class AccountIndexes<R> {
  readonly #byKind = new Map<string, Map<object, RecordIndex<R>>>();

  /** The index of `definition`, built from `records` (the kind's, in order) the first time. */
  get<T extends R>(definition: IndexDefinition<T>, records: () => Iterable<[string, R]>): RecordIndex<T> {
    let ofKind = this.#byKind.get(definition.kind);
    if (!ofKind) {
      ofKind = new Map();
      this.#byKind.set(definition.kind, ofKind);
    }
    let index = ofKind.get(definition);
    if (!index) {
      index = new RecordIndex(definition as unknown as IndexDefinition<R>);
      for (const [id, record] of records()) index.file(id, record);
      ofKind.set(definition, index);
    }
    return index as unknown as RecordIndex<T>;
  }

  /** A record of `kind` was stored (`value`) or deleted (`undefined`). */
  changed(kind: string, id: string, value: R | undefined): void {
    const ofKind = this.#byKind.get(kind);
    if (!ofKind) return;
    for (const index of ofKind.values()) {
      if (value === undefined) index.remove(id);
      else index.file(id, value);
    }
  }
}
