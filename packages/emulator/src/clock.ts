/**
 * The emulator's virtual clock for resource lifecycles. `flowing` follows real time plus every
 * `advance()`; `frozen` only moves on `advance()`/`set()`. Request signatures are always checked
 * against the real wall clock, never this one.
 */
export type ClockMode = 'flowing' | 'frozen';

export class VirtualClock {
  #mode: ClockMode;
  #offsetMs = 0;
  #frozenAt: number;

  constructor(options: { mode?: ClockMode; startMs?: number } = {}) {
    this.#mode = options.mode ?? 'flowing';
    const start = options.startMs ?? Date.now();
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

  /** Moves virtual time forward; due lifecycle transitions happen on the next request. */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance() takes a non-negative number of ms');
    if (this.#mode === 'frozen') this.#frozenAt += ms;
    else this.#offsetMs += ms;
    return this.now();
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
      if (this.#mode === 'flowing' && typeof s.offsetMs === 'number' && Number.isFinite(s.offsetMs)) {
        // Never backwards: pending steps were scheduled on the old timeline.
        this.#offsetMs = Math.max(this.#offsetMs, s.offsetMs);
      } else if (this.#mode === 'frozen' && typeof s.frozenAt === 'number' && Number.isFinite(s.frozenAt)) {
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
