import { BceClientError, type BceErrorDetails } from '../core/errors.js';

/** Why a waiter gave up. */
export type WaiterFailureReason =
  /** The resource reached a state it cannot leave on its own (e.g. `FAILED`). */
  | 'failure-state'
  /** `maxWaitMs` passed before the resource reached a success state. */
  | 'timeout'
  /** The resource does not exist (a waiter other than a deletion waiter). */
  | 'not-found';

export interface BceWaiterErrorDetails extends BceErrorDetails {
  reason: WaiterFailureReason;
  waiter: string;
  resourceId: string;
  lastStatus: string | undefined;
  lastResource: unknown;
  attempts: number;
  elapsedMs: number;
}

/**
 * A waiter gave up: the resource reached a failure state, the deadline passed, or the resource
 * does not exist. `lastResource` (the last body read, not enumerable so that it never shows in
 * logs or `JSON.stringify`) and `lastStatus` tell where it stopped; `cause` holds the last
 * transient error, if any.
 */
export class BceWaiterError extends BceClientError {
  static override readonly brand: string = 'BceWaiterError';
  readonly reason: WaiterFailureReason;
  /** The waiter, e.g. `VmInstanceRunning`. */
  readonly waiter: string;
  readonly resourceId: string;
  /** The last status seen, as the service spelt it. */
  readonly lastStatus: string | undefined;
  /** Polls made. */
  readonly attempts: number;
  readonly elapsedMs: number;
  /** The last resource read (undefined if none was read). */
  declare readonly lastResource: unknown;

  constructor(message: string, details: BceWaiterErrorDetails) {
    super(message, details);
    this.reason = details.reason;
    this.waiter = details.waiter;
    this.resourceId = details.resourceId;
    this.lastStatus = details.lastStatus;
    this.attempts = details.attempts;
    this.elapsedMs = details.elapsedMs;
    Object.defineProperty(this, 'lastResource', {
      value: details.lastResource,
      enumerable: false,
      writable: false,
      configurable: true,
    });
  }
}
