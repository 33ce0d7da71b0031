/**
 * The emulator's virtual clock for resource lifecycles. `flowing` follows real time plus every
 * `advance()`; `frozen` only moves on `advance()`/`set()`. Request signatures are always checked
 * against the real wall clock, never this one.
 */
export type ClockMode = 'flowing' | 'frozen';

/**
 * The latest virtual time: 9999-01-01T00:00:00Z. BCE times have four-digit years, and a year of
 * headroom is left for lifecycle deadlines and clientToken expiry computed from the clock.
 */
export const MAX_VIRTUAL_MS = Date.UTC(9999, 0, 1);

export class VirtualClock {
  #mode: ClockMode;
  #offsetMs = 0;
  readonly #moved: Array<() => void> = [];
  #frozenAt: number;

  constructor(options: { mode?: ClockMode; startMs?: number } = {}) {
    this.#mode = options.mode ?? 'flowing';
    const start = options.startMs ?? Date.now();
    if (typeof start !== 'number' || !Number.isFinite(start) || start < 0 || start > MAX_VIRTUAL_MS) {
      throw new RangeError(`clock.startMs must be a time from 1970 to ${new Date(MAX_VIRTUAL_MS).toISOString()}`);
    }
    this.#frozenAt = start;
    this.#offsetMs = start - Date.now();
  }

  get mode(): ClockMode {
    return this.#mode;
  }

  /** Virtual time in ms since the epoch. */
  now(): number {
    return this.#mode === 'frozen' ? this.#frozenAt : Date.now() + this.#offsetMs;
  }

  /** Why `advance(ms)` would be refused, or undefined when it is fine (nothing changes either way). */
  checkAdvance(ms: number): string | undefined {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return 'ms must be a non-negative number';
    if (this.now() + ms > MAX_VIRTUAL_MS) {
      return `the virtual clock cannot pass ${new Date(MAX_VIRTUAL_MS).toISOString()} (at most ${Math.max(0, MAX_VIRTUAL_MS - this.now())} ms from now)`;
    }
    return undefined;
  }

  /** Moves virtual time forward; due lifecycle transitions happen on the next request. Throws RangeError and changes nothing past MAX_VIRTUAL_MS. */
  advance(ms: number): number {
    const problem = this.checkAdvance(ms);
    if (problem) throw new RangeError(`advance(): ${problem}`);
    if (this.#mode === 'frozen') this.#frozenAt += ms;
    else this.#offsetMs += ms;
    for (const listener of this.#moved) listener();
    return this.now();
  }

  /** Calls `listener` after every advance (e.g. to persist the clock). */
  onMove(listener: () => void): void {
    this.#moved.push(listener);
  }

  /** Jumps to an absolute virtual time (never backwards). */
  set(ms: number): number {
    const now = this.now();
    return this.advance(Math.max(0, ms - now));
  }

  /** The clock's state, to be restored after a restart (persistence). */
  snapshot(): string {
    return JSON.stringify({ mode: this.#mode, offsetMs: this.#offsetMs, frozenAt: this.#frozenAt });
  }

  /**
   * Continues from a snapshot: a flowing clock keeps its offset from real time (so advances made
   * before a restart still count), a frozen one its time. Ignores snapshots it cannot read.
   */
  restore(snapshot: string): void {
    try {
      const s = JSON.parse(snapshot) as { mode?: unknown; offsetMs?: unknown; frozenAt?: unknown };
      if (s.mode !== this.#mode) return;
      // A snapshot beyond the clock's range (written by an older version) is ignored.
      if (this.#mode === 'flowing' && typeof s.offsetMs === 'number' && Date.now() + s.offsetMs <= MAX_VIRTUAL_MS) {
        // Never backwards: pending steps were scheduled on the old timeline.
        this.#offsetMs = Math.max(this.#offsetMs, s.offsetMs);
      } else if (this.#mode === 'frozen' && typeof s.frozenAt === 'number' && s.frozenAt <= MAX_VIRTUAL_MS) {
        this.#frozenAt = Math.max(this.#frozenAt, s.frozenAt);
      }
    } catch {
      // A corrupt snapshot only loses earlier advances.
    }
  }

  /** Virtual time as BEC writes it in `createTime` fields: `2023-11-14T22:13:20Z`. */
  isoNow(): string {
    return `${new Date(this.now()).toISOString().slice(0, 19)}Z`;
  }
}
