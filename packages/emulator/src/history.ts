import type { VirtualClock } from './clock.js';
import type { Change, StoreObserver } from './store.js';

/** One step in a resource's life, at a virtual time. */
export interface HistoryEvent {
  /** Virtual time (ISO, milliseconds). */
  at: string;
  event: 'created' | 'changed' | 'deleted';
  /** The status the resource had after the step (when it has one). */
  status?: string;
  /** A lifecycle step that was scheduled: the status it leads to (or `deleted`), and when. */
  next?: string;
  due?: string;
}

interface Track {
  events: HistoryEvent[];
  status: string | undefined;
  /** The scheduled step last recorded (to tell a new one from the same one). */
  pending: string | undefined;
}

/** At most this many events per resource (the oldest go first) and this many resources. */
export const HISTORY_EVENTS_PER_RESOURCE = 50;
export const HISTORY_RESOURCES = 5000;

const keyOf = (account: string, kind: string, id: string): string => `${account}\n${kind}\n${id}`;

/**
 * Lifecycle history per resource, in memory and bounded: every committed change that creates,
 * deletes or changes the status of a record (or schedules a lifecycle step) adds an event.
 * Bookkeeping kinds (names starting with `_`) are not tracked.
 */
export class ResourceHistory implements StoreObserver {
  readonly #tracks = new Map<string, Track>();

  constructor(
    private readonly clock: VirtualClock,
    private readonly limits = { events: HISTORY_EVENTS_PER_RESOURCE, resources: HISTORY_RESOURCES },
  ) {}

  committed(changes: readonly Change[]): void {
    let now: string | undefined;
    for (const change of changes) {
      if (change.kind.startsWith('_')) continue;
      now ??= new Date(this.clock.now()).toISOString();
      this.#note(change, now);
    }
  }

  reset(): void {
    this.#tracks.clear();
  }

  /** The events of one resource, oldest first (empty when none are kept). */
  of(account: string, kind: string, id: string): HistoryEvent[] {
    return [...(this.#tracks.get(keyOf(account, kind, id))?.events ?? [])];
  }

  /** The virtual time of the resource's latest event. */
  lastAt(account: string, kind: string, id: string): string | undefined {
    return this.#tracks.get(keyOf(account, kind, id))?.events.at(-1)?.at;
  }

  /** Adds the events of one committed change, made at virtual time `now` (ISO). */
  #note({ account, kind, id, value }: Change, now: string): void {
    const key = keyOf(account, kind, id);
    let track = this.#tracks.get(key);
    if (value === undefined) {
      if (track) this.#push(track, { at: this.#stepTime(track, 'deleted', now), event: 'deleted' });
      return;
    }
    const status = typeof value.status === 'string' ? value.status : undefined;
    const step = value._pending;
    const pending =
      step && Number.isFinite(step.at) ? `${step.remove ? 'deleted' : (step.status ?? '')}@${step.at}` : undefined;
    const scheduled =
      step && pending !== undefined
        ? { next: step.remove ? 'deleted' : (step.status ?? status ?? ''), due: new Date(step.at).toISOString() }
        : {};
    if (!track) {
      track = { events: [], status, pending };
      if (this.#tracks.size >= this.limits.resources) {
        const oldest = this.#tracks.keys().next().value;
        if (oldest !== undefined) this.#tracks.delete(oldest);
      }
      this.#tracks.set(key, track);
      this.#push(track, { at: now, event: 'created', ...(status ? { status } : {}), ...scheduled });
      return;
    }
    const statusChanged = status !== track.status;
    const newStep = pending !== undefined && pending !== track.pending;
    if (statusChanged || newStep) {
      const at = statusChanged ? this.#stepTime(track, status ?? '', now) : now;
      this.#push(track, { at, event: 'changed', ...(status ? { status } : {}), ...(newStep ? scheduled : {}) });
    }
    track.status = status;
    track.pending = pending;
  }

  /** A timed step is dated when it was due, not when a later request applied it. */
  #stepTime(track: Track, reached: string, now: string): string {
    const last = track.events.at(-1);
    return last?.next === reached && last.due !== undefined && last.due <= now ? last.due : now;
  }

  #push(track: Track, event: HistoryEvent): void {
    track.events.push(event);
    if (track.events.length > this.limits.events) track.events.shift();
  }
}
