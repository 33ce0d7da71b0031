import type { VirtualClock } from './clock.js';
import type { PendingTransition, StateStore, StoredRecord, Transaction } from './store.js';

/**
 * How a resource kind moves through transitional states (CREATING, STOPPING, IMAGING, ...):
 * - `immediate`: the final state is reached at once;
 * - `timed`: after `durationMs` of virtual time (see `clock.advance`);
 * - `manual`: only when completed through `emulator.lifecycle.complete()` or the admin API.
 */
export type LifecycleMode = 'immediate' | 'timed' | 'manual';

export interface LifecycleKindOptions {
  mode?: LifecycleMode;
  durationMs?: number;
}

export interface LifecycleOptions extends LifecycleKindOptions {
  /** Per resource kind (`vmInstance`, `vmImage`, `blb`, `appBlb`, `containerService`, `pod`, ...). */
  kinds?: Record<string, LifecycleKindOptions>;
}

export interface TransitionStep {
  /** The transitional status shown now (e.g. `CREATING`); omitted to keep the current status. */
  via?: string;
  /** The status reached at the end. */
  to?: string;
  /** Remove the record at the end (deletes that take time). */
  remove?: boolean;
  /** Fields merged at the end. */
  patch?: Record<string, unknown>;
}

const DEFAULT_DURATION_MS = 2000;

export class Lifecycle {
  constructor(
    private readonly options: LifecycleOptions,
    private readonly clock: VirtualClock,
  ) {}

  modeFor(kind: string): LifecycleMode {
    return this.options.kinds?.[kind]?.mode ?? this.options.mode ?? 'timed';
  }

  durationFor(kind: string): number {
    return this.options.kinds?.[kind]?.durationMs ?? this.options.durationMs ?? DEFAULT_DURATION_MS;
  }

  /**
   * Starts a transition of `record` (already stored or about to be stored by the caller with
   * `tx.put`). Returns the record for chaining.
   */
  start<T extends StoredRecord>(kind: string, record: T, step: TransitionStep): T {
    const mode = this.modeFor(kind);
    if (mode === 'immediate') {
      if (step.to !== undefined) (record as StoredRecord).status = step.to;
      if (step.patch) Object.assign(record, step.patch);
      if (step.remove) (record as StoredRecord)._pending = { at: this.clock.now(), remove: true };
      else delete (record as StoredRecord)._pending;
      return record;
    }
    if (step.via !== undefined) (record as StoredRecord).status = step.via;
    const pending: PendingTransition = {
      at: mode === 'manual' ? Number.POSITIVE_INFINITY : this.clock.now() + this.durationFor(kind),
      status: step.to,
      remove: step.remove,
      patch: step.patch,
    };
    (record as StoredRecord)._pending = pending;
    return record;
  }

  /** Applies every step that is due for the transaction's account (O(1) when none is due). */
  settle(store: StateStore, tx: Transaction): void {
    const now = this.clock.now();
    if (store.nextDue(tx.account) > now) return;
    for (const { kind, id, at } of store.pendingEntries(tx.account)) {
      if (at > now) continue;
      const record = tx.get(kind, id);
      const pending = record?._pending;
      if (!record || !pending || pending.at > now) continue;
      if (pending.remove) {
        tx.delete(kind, id);
        continue;
      }
      tx.update(kind, id, (r) => {
        if (pending.status !== undefined) r.status = pending.status;
        if (pending.patch) Object.assign(r, pending.patch);
        delete r._pending;
      });
    }
  }

  /** Applies every step that is due, in every account (before state is shown). */
  settleAll(store: StateStore): void {
    for (const account of store.accounts()) {
      if (store.nextDue(account) > this.clock.now()) continue;
      store.transaction(account, (tx) => this.settle(store, tx));
    }
  }

  /**
   * Completes waiting steps now (manual mode) in one account or in all, of one kind or one
   * resource when given. Returns how many.
   */
  completeAll(
    store: StateStore,
    filter: { account?: string | undefined; kind?: string | undefined; id?: string | undefined } = {},
  ): number {
    let count = 0;
    for (const account of filter.account !== undefined ? [filter.account] : store.accounts()) {
      count += store.transaction(account, (tx) => this.complete(store, tx, filter.kind, filter.id));
    }
    return count;
  }

  /** Completes waiting steps now (manual mode); filters by kind and id when given. Returns how many. */
  complete(store: StateStore, tx: Transaction, kind?: string, id?: string): number {
    let count = 0;
    const now = this.clock.now();
    for (const entry of store.pendingEntries(tx.account)) {
      if ((kind && entry.kind !== kind) || (id && entry.id !== id)) continue;
      tx.update(entry.kind, entry.id, (r) => {
        if (r._pending) r._pending = { ...r._pending, at: Math.min(r._pending.at, now) };
      });
      count++;
    }
    this.settle(store, tx);
    return count;
  }
}
