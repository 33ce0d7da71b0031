/**
 * The store's index of records waiting for a lifecycle step, per account: what is due, and the
 * earliest due time without scanning every record.
 */

/** A record waiting for a lifecycle step, as indexed by the store. */
export interface PendingEntry {
  readonly kind: string;
  readonly id: string;
  /** Virtual time of the step (Infinity while waiting for a manual completion). */
  readonly at: number;
}

/** One account's records with a pending step, and the earliest due time among them. */
export class PendingIndex {
  readonly entries = new Map<string, PendingEntry>();
  /** Earliest `at`; recomputed lazily after the entry holding it goes away. */
  #earliest = Number.POSITIVE_INFINITY;
  #stale = false;

  set(key: string, entry: PendingEntry): void {
    const previous = this.entries.get(key);
    this.entries.set(key, entry);
    if (previous && previous.at <= this.#earliest) this.#stale = true;
    else if (entry.at < this.#earliest) this.#earliest = entry.at;
  }

  delete(key: string): void {
    const previous = this.entries.get(key);
    if (!previous) return;
    this.entries.delete(key);
    if (previous.at <= this.#earliest) this.#stale = true;
  }

  earliest(): number {
    if (this.#stale) {
      let min = Number.POSITIVE_INFINITY;
      for (const e of this.entries.values()) if (e.at < min) min = e.at;
      this.#earliest = min;
      this.#stale = false;
    }
    return this.#earliest;
  }
}
