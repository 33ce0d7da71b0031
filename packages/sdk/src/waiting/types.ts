import type { OperationName, OperationOutput } from '../generated/operation-map.js';
import type { waiterSpecs } from '../generated/waiters.js';
import type { ItemOf, PaginatedOperation } from '../paginate.js';

/** Name of a waiter in {@link waiterSpecs} (`waitUntil` + name is the client method). */
export type WaiterName = keyof typeof waiterSpecs;

type Specs = typeof waiterSpecs;

/** What a waiter reads: the getter's result, or the list item for lookups (e.g. `VmImageVo`). */
export type WaiterResource<W extends WaiterName> = Specs[W] extends {
  readonly lookup: object;
  readonly operation: infer Op extends PaginatedOperation;
}
  ? ItemOf<Op>
  : Specs[W]['operation'] extends infer Op extends OperationName
    ? OperationOutput<Op>
    : never;

/** What a waiter resolves with: the last resource read, or nothing for deletion waiters. */
export type WaiterResult<W extends WaiterName> = Specs[W] extends { readonly deleted: true }
  ? undefined
  : WaiterResource<W>;

/** Options of every `waitUntil…` method. */
export interface WaiterOptions<TResource = unknown> {
  /** Aborts the wait, including the pending sleep and the poll in flight, with `BceAbortError`. */
  signal?: AbortSignal | undefined;
  /** Deadline for the whole wait, from the call. @default 600_000 (10 minutes) */
  maxWaitMs?: number | undefined;
  /** Shortest pause between two polls. @default 2_000 */
  minDelayMs?: number | undefined;
  /** Longest pause between two polls; pauses grow exponentially from `minDelayMs` with jitter. @default 30_000 */
  maxDelayMs?: number | undefined;
  /**
   * Called after every poll with the status seen (as the service spelt it), the resource, the time
   * since the wait began and the 1-based poll number. For a resource that no longer exists
   * (deletion waiters) `status` and `resource` are undefined. An exception thrown here ends the
   * wait with that exception.
   */
  onProgress?:
    | ((status: string | undefined, resource: TResource | undefined, elapsedMs: number, attempt: number) => void)
    | undefined;
}

export const WAITER_DEFAULTS = {
  maxWaitMs: 600_000,
  minDelayMs: 2_000,
  maxDelayMs: 30_000,
} as const;
