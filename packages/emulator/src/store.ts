/**
 * Emulator state: per account, per resource kind, records keyed by ID, in insertion order.
 * Every request runs in a transaction; its changes are committed together (and written to the
 * persistence layer before the response is sent) or undone together when the handler throws.
 *
 * Every change of state, whatever its origin (loading from SQLite, a handler's write, commit,
 * rollback), goes through one method, `StateStore#set`, which also keeps what is derived from the
 * records: the index of pending lifecycle steps (store-pending.ts) and the secondary indexes
 * (store-index.ts).
 */
import { AccountIndexes, type IndexDefinition, type RecordIndex } from './store-index.js';
import { type PendingEntry, PendingIndex } from './store-pending.js';

export { defineIndex, type IndexDefinition } from './store-index.js';
export type { PendingEntry } from './store-pending.js';

/** A stored resource. Keys starting with `_` are the emulator's bookkeeping, never sent to clients. */
export type StoredRecord = Record<string, unknown> & {
  /** A lifecycle step waiting for the virtual clock (see lifecycle.ts). */
  _pending?: PendingTransition | undefined;
};

export interface PendingTransition {
  /** Virtual time (ms) at which the step happens; Infinity while waiting for a manual completion. */
  at: number;
  /** New status, or remove the record when `remove` is set. */
  status?: string | undefined;
  remove?: boolean | undefined;
  /** Fields merged into the record when the step happens. */
  patch?: Record<string, unknown> | undefined;
}

export interface Change {
  account: string;
  kind: string;
  id: string;
  /** The new value, or undefined for a delete. */
  value: StoredRecord | undefined;
}

/** Where committed changes go (SQLite with `dataDir`). */
export interface Persistence {
  load(): Iterable<{ account: string; kind: string; id: string; value: StoredRecord }>;
  /** Writes one transaction's changes (and the emulator's metadata, when given) atomically. */
  commit(changes: readonly Change[], meta?: Readonly<Record<string, string>>): void;
  /** Emulator metadata saved by earlier runs (ID generator and clock state). */
  loadMeta?(): Record<string, string>;
  saveMeta?(meta: Readonly<Record<string, string>>): void;
  clear(): void;
  close(): void;
}

/** Told about every committed transaction and every reset (e.g. the lifecycle history). */
export interface StoreObserver {
  committed(changes: readonly Change[]): void;
  reset(): void;
}

const NO_RECORDS: ReadonlyMap<string, StoredRecord> = new Map();

type Kinds = Map<string, Map<string, StoredRecord>>;

export class StateStore {
  readonly #accounts = new Map<string, Kinds>();
  /** account -> records with a pending transition. */
  readonly #pending = new Map<string, PendingIndex>();
  /** account -> secondary indexes used there so far (built on first use, then kept by #set). */
  readonly #indexes = new Map<string, AccountIndexes<StoredRecord>>();
  readonly #persistence: Persistence | undefined;
  /** Metadata written with every committed transaction (e.g. the ID generator's state). */
  #metaSource: (() => Record<string, string>) | undefined;
  readonly #observers: StoreObserver[] = [];

  constructor(persistence?: Persistence) {
    this.#persistence = persistence;
    if (persistence) {
      for (const row of persistence.load()) this.#set(row.account, row.kind, row.id, row.value);
    }
  }

  /** True when state is written to disk. */
  get persistent(): boolean {
    return this.#persistence !== undefined;
  }

  /** Metadata saved by an earlier run (empty in memory). */
  loadMeta(): Record<string, string> {
    return this.#persistence?.loadMeta?.() ?? {};
  }

  /** Saves metadata now (e.g. after the virtual clock moved). */
  saveMeta(meta: Readonly<Record<string, string>>): void {
    this.#persistence?.saveMeta?.(meta);
  }

  /** Metadata to store atomically with every transaction that changes something. */
  setMetaSource(source: () => Record<string, string>): void {
    this.#metaSource = source;
  }

  #kinds(account: string): Kinds {
    let kinds = this.#accounts.get(account);
    if (!kinds) {
      kinds = new Map();
      this.#accounts.set(account, kinds);
    }
    return kinds;
  }

  #set(account: string, kind: string, id: string, value: StoredRecord | undefined): void {
    const kinds = this.#kinds(account);
    let records = kinds.get(kind);
    if (!records) {
      records = new Map();
      kinds.set(kind, records);
    }
    let pending = this.#pending.get(account);
    this.#indexes.get(account)?.changed(kind, id, value);
    if (value === undefined) {
      records.delete(id);
      pending?.delete(`${kind}\n${id}`);
      return;
    }
    records.set(id, value);
    const step = value._pending;
    if (step) {
      if (!pending) {
        pending = new PendingIndex();
        this.#pending.set(account, pending);
      }
      pending.set(`${kind}\n${id}`, { kind, id, at: typeof step.at === 'number' ? step.at : 0 });
    } else if (pending && pending.entries.size > 0) pending.delete(`${kind}\n${id}`);
  }

  get(account: string, kind: string, id: string): StoredRecord | undefined {
    return this.#accounts.get(account)?.get(kind)?.get(id);
  }

  list(account: string, kind: string): StoredRecord[] {
    const records = this.#accounts.get(account)?.get(kind);
    return records ? [...records.values()] : [];
  }

  /** The live records of one kind, in insertion order, without a copy (see `Transaction.values`). */
  values(account: string, kind: string): IterableIterator<StoredRecord> {
    const records = this.#accounts.get(account)?.get(kind);
    return records ? records.values() : NO_RECORDS.values();
  }

  /** The account's instance of a secondary index, built from its records on first use. */
  index<T extends StoredRecord>(account: string, definition: IndexDefinition<T>): RecordIndex<T> {
    let indexes = this.#indexes.get(account);
    if (!indexes) {
      indexes = new AccountIndexes();
      this.#indexes.set(account, indexes);
    }
    return indexes.get(definition, () => this.#accounts.get(account)?.get(definition.kind) ?? NO_RECORDS);
  }

  /** `[id, record]` pairs of one kind, in insertion order. */
  entries(account: string, kind: string): Array<[string, StoredRecord]> {
    const records = this.#accounts.get(account)?.get(kind);
    return records ? [...records.entries()] : [];
  }

  /** Keys (`kind\nid`) of this account's records that wait for a lifecycle step. */
  pendingKeys(account: string): string[] {
    const pending = this.#pending.get(account);
    return pending ? [...pending.entries.keys()] : [];
  }

  /** This account's records that wait for a lifecycle step (a copy, safe to iterate while changing state). */
  pendingEntries(account: string): PendingEntry[] {
    const pending = this.#pending.get(account);
    return pending && pending.entries.size > 0 ? [...pending.entries.values()] : [];
  }

  /** The earliest virtual time at which one of the account's steps is due (Infinity when none). */
  nextDue(account: string): number {
    return this.#pending.get(account)?.earliest() ?? Number.POSITIVE_INFINITY;
  }

  readonly #persist = (changes: readonly Change[]): void => {
    this.#persistence?.commit(changes, this.#metaSource?.());
    for (const observer of this.#observers) observer.committed(changes);
  };

  /** Adds an observer of committed changes and resets. */
  observe(observer: StoreObserver): void {
    this.#observers.push(observer);
  }
  readonly #apply = (account: string, kind: string, id: string, value: StoredRecord | undefined): void =>
    this.#set(account, kind, id, value);

  begin(account: string): Transaction {
    return new Transaction(this, account, this.#persist, this.#apply);
  }

  /** Runs `fn` in a transaction of `account`: committed when it returns, rolled back when it throws. */
  transaction<T>(account: string, fn: (tx: Transaction) => T): T {
    const tx = this.begin(account);
    try {
      const result = fn(tx);
      tx.commit();
      return result;
    } catch (err) {
      tx.rollback();
      throw err;
    }
  }

  /** The kinds an account has held records of (bookkeeping kinds included). */
  kinds(account: string): string[] {
    return [...(this.#accounts.get(account)?.keys() ?? [])];
  }

  accounts(): string[] {
    return [...this.#accounts.keys()];
  }

  /** Every record of an account (or of all accounts) without bookkeeping fields. */
  dump(account?: string): Record<string, Record<string, Record<string, unknown>[]>> {
    const out: Record<string, Record<string, Record<string, unknown>[]>> = {};
    for (const [acct, kinds] of this.#accounts) {
      if (account !== undefined && acct !== account) continue;
      const byKind: Record<string, Record<string, unknown>[]> = {};
      for (const [kind, records] of kinds) {
        if (kind.startsWith('_') || records.size === 0) continue;
        byKind[kind] = [...records.values()].map((r) =>
          Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('_'))),
        );
      }
      out[acct] = byKind;
    }
    return out;
  }

  reset(): void {
    this.#accounts.clear();
    this.#pending.clear();
    this.#indexes.clear();
    this.#persistence?.clear();
    for (const observer of this.#observers) observer.reset();
  }

  close(): void {
    this.#persistence?.close();
  }
}

/**
 * One request's view of one account. Reads see the transaction's own writes; `commit()` persists
 * them, `rollback()` restores what was there before.
 */
export class Transaction {
  readonly #undo: Change[] = [];
  readonly #changes = new Map<string, Change>();
  readonly #snapshotted = new Set<string>();

  constructor(
    private readonly store: StateStore,
    readonly account: string,
    private readonly persist: (changes: readonly Change[]) => void,
    private readonly apply: (account: string, kind: string, id: string, value: StoredRecord | undefined) => void,
  ) {}

  get<T extends StoredRecord = StoredRecord>(kind: string, id: string): T | undefined {
    return this.store.get(this.account, kind, id) as T | undefined;
  }

  list<T extends StoredRecord = StoredRecord>(kind: string): T[] {
    return this.store.list(this.account, kind) as T[];
  }

  /**
   * The records of one kind, live and without a copy: for read-only scans (`for ... of`). Change
   * records through `update`/`put`/`delete` after the scan, or scan `list` (a copy) instead.
   */
  values<T extends StoredRecord = StoredRecord>(kind: string): IterableIterator<T> {
    return this.store.values(this.account, kind) as IterableIterator<T>;
  }

  /**
   * The records of the index's kind filed under `key`, in the kind's order (the order of `list`);
   * a new array of live records. The index follows every change of the transaction at once.
   */
  lookup<T extends StoredRecord>(index: IndexDefinition<T>, key: string): T[] {
    return this.store.index(this.account, index).lookup(key);
  }

  /** How many records of the index's kind are filed under `key`. */
  count<T extends StoredRecord>(index: IndexDefinition<T>, key: string): number {
    return this.store.index(this.account, index).count(key);
  }

  /** `[id, record]` pairs of one kind (live records: change them only through `update`/`put`). */
  entries<T extends StoredRecord = StoredRecord>(kind: string): Array<[string, T]> {
    return this.store.entries(this.account, kind) as Array<[string, T]>;
  }

  find<T extends StoredRecord = StoredRecord>(kind: string, predicate: (record: T) => boolean): T | undefined {
    for (const record of this.values<T>(kind)) if (predicate(record)) return record;
    return undefined;
  }

  /** Stores `value` (the same object may be mutated later in this request; put it again to record that). */
  put<T extends StoredRecord>(kind: string, id: string, value: T): T {
    this.#record(kind, id, value);
    return value;
  }

  /**
   * Changes a stored record in place and records the change. Always use this (or `put`) to
   * change a record: objects from `get`/`list` are the live state.
   */
  update<T extends StoredRecord = StoredRecord>(kind: string, id: string, mutate: (record: T) => void): T {
    const current = this.store.get(this.account, kind, id) as T | undefined;
    if (!current) throw new Error(`update of missing ${kind} ${id}`);
    this.#snapshot(kind, id);
    mutate(current);
    this.#record(kind, id, current);
    return current;
  }

  delete(kind: string, id: string): boolean {
    if (!this.store.get(this.account, kind, id)) return false;
    this.#record(kind, id, undefined);
    return true;
  }

  #snapshot(kind: string, id: string): void {
    const key = `${kind}\n${id}`;
    if (this.#changes.has(key) || this.#snapshotted.has(key)) return;
    this.#snapshotted.add(key);
    const before = this.store.get(this.account, kind, id);
    this.#undo.push({ account: this.account, kind, id, value: before ? structuredClone(before) : undefined });
  }

  #record(kind: string, id: string, value: StoredRecord | undefined): void {
    this.#snapshot(kind, id);
    this.#changes.set(`${kind}\n${id}`, { account: this.account, kind, id, value });
    this.apply(this.account, kind, id, value);
  }

  get changed(): boolean {
    return this.#changes.size > 0;
  }

  /**
   * Makes the changes final: writes them to the persistence layer (serialised now, so later
   * in-memory changes cannot leak into what was written) and re-indexes them, which picks up
   * records changed after their `put` in this request (e.g. `lifecycle.start` after `put`).
   */
  commit(): void {
    if (this.#changes.size === 0) return;
    const changes = [...this.#changes.values()];
    for (const c of changes) if (c.value !== undefined) this.apply(c.account, c.kind, c.id, c.value);
    this.persist(changes);
    this.#changes.clear();
    this.#snapshotted.clear();
    this.#undo.length = 0;
  }

  rollback(): void {
    for (const change of this.#undo.reverse()) this.apply(change.account, change.kind, change.id, change.value);
    this.#changes.clear();
    this.#snapshotted.clear();
    this.#undo.length = 0;
  }
}
