import type { OperationSpec } from 'bec-sdk/spec';
import type { VirtualClock } from '../clock.js';
import type { IdGenerator } from '../ids.js';
import type { Inventory } from '../inventory.js';
import type { Lifecycle } from '../lifecycle.js';
import type { Transaction } from '../store.js';

/** What a handler gets for one request, already authenticated, decoded and validated. */
export interface HandlerContext {
  readonly op: OperationSpec;
  /** The tenant (account) the request was signed for. */
  readonly account: string;
  /** Path arguments by their Go argument name (`serviceId`, `vmID`, `blbId`, `action`, ...). */
  readonly path: Readonly<Record<string, string>>;
  /**
   * The call's input in the SDK's shape: the same object (or array) a `bec-sdk` caller passes,
   * with Go's always-sent zero values removed. Already validated against the operation's schema;
   * cast it to the SDK type (`ctx.input as CreateVmServiceArgs`).
   */
  readonly input: unknown;
  /** The clientToken of the request, when it carried one. */
  readonly clientToken: string | undefined;
  /** This account's state, inside the request's transaction. */
  readonly state: Transaction;
  readonly clock: VirtualClock;
  readonly lifecycle: Lifecycle;
  readonly ids: IdGenerator;
  readonly inventory: Inventory;
  readonly requestId: string;
}

/**
 * Handles one operation. Returns the response body in the operation's response model (unknown
 * keys are an error; absent fields are filled with Go zero values), or nothing for operations
 * without a response model. Throws EmulatorError for BCE errors.
 */
export type Handler = (ctx: HandlerContext) => unknown;

export type HandlerTable = Readonly<Record<string, Handler>>;

/**
 * The same handlers, each running `step` first: a consistency rule that a group applies before
 * its handlers read records (inside the request's transaction, after due lifecycle steps).
 */
export function withPrelude(step: (ctx: HandlerContext) => void, table: HandlerTable): HandlerTable {
  return Object.fromEntries(
    Object.entries(table).map(([name, handler]) => [
      name,
      (ctx: HandlerContext) => {
        step(ctx);
        return handler(ctx);
      },
    ]),
  );
}
