/** One row of the declarative operation table (generated into ../generated/operations.ts). */
export interface OperationSpec {
  /** The Go SDK's method name, e.g. `CreateVmService`. */
  readonly name: string;
  /** The method on `BecClient`, e.g. `createVmService`. */
  readonly clientMethod: string;
  readonly group: string;
  /** For metrics operations: the resource group they measure. */
  readonly resource?: string;
  /** The HTTP method. */
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path template with `{name}` placeholders. */
  readonly path: string;
  /** Placeholders in order; `arg` is the positional argument (Go parameter) that fills it. */
  readonly pathParams: ReadonlyArray<{ readonly name: string; readonly arg: string; readonly enum?: string }>;
  /** What follows the path IDs: nothing, one object, or one array. */
  readonly input: 'none' | 'object' | 'array';
  readonly inputRequired: boolean;
  /** Schema name (in modelSchemas) that validates the input object. */
  readonly inputSchema?: string;
  readonly query: readonly QuerySpec[];
  readonly body: BodySpec | undefined;
  /** The operation accepts `?clientToken=` for idempotency. */
  readonly clientToken: boolean;
  /**
   * Sending it twice leaves the same state as sending it once (the overlay's `retry: 'always'`):
   * every transient failure is retried. Otherwise (creates, actions) only failures that cannot
   * have reached BEC are.
   */
  readonly repeatable: boolean;
  /** Response model, `array of X`, or null when the Go SDK ignores the body. */
  readonly response: string | null;
  readonly doc: string;
  /** For the `bec` command: the action name where the naming rule reads badly, and what `--wait` waits for. */
  readonly cli?: { readonly action?: string; readonly wait?: readonly WaitRuleSpec[] };
}

/**
 * One `--wait` rule of the CLI; the first whose `when` (path argument -> value) matches applies.
 * `ids`: `path:<arg>`, `input[]` (each ID of the input array), `result:<a.b>` or `result:<a>[].<b>`.
 */
export interface WaitRuleSpec {
  readonly when?: Readonly<Record<string, string>>;
  readonly waiter: string;
  readonly ids: string;
}

export interface QuerySpec {
  /** The exact key on the wire (`PageNo`, `maker`, ...). */
  readonly key: string;
  /** input: a key of the input object; path: a path argument; constant: a value-less flag; array: the input array joined with ','. */
  readonly source: 'input' | 'path' | 'constant' | 'array';
  readonly field?: string;
  readonly type: 'string' | 'int' | 'bool' | 'flag';
  readonly sentWhen: 'non-empty' | 'non-zero' | 'always';
}

export type BodySpec =
  | { readonly kind: 'object'; readonly model: string }
  | { readonly kind: 'array'; readonly items: string };

/**
 * How a list operation pages:
 * - `page`: the request takes `pageNo`/`pageSize`, the response carries `pageNo`, `pageSize` and
 *   `totalCount` (the v1 lists);
 * - `marker`: the request takes `marker`/`maxKeys`, the response carries `isTruncated` and
 *   `nextMarker` (the v2 app-BLB lists).
 */
export type PaginationDialect = 'page' | 'marker';

/** One row of the paginator table (generated/paginators.ts). */
export interface PaginatorSpec {
  readonly dialect: PaginationDialect;
  /** The key of the item array in the response model. */
  readonly items: string;
}

/** A resource as a waiter reads it. */
export type WaiterResourceFields = Readonly<Record<string, unknown>>;

/** One row of the waiter table (generated/waiters.ts). */
export interface WaiterSpec {
  /** What is waited for, in words (used in error messages), e.g. `VM instance`. */
  readonly resource: string;
  /** The Go name of the operation that reads the resource: `Get…(id)`, or a list searched by ID. */
  readonly operation: string;
  /** The path argument of `operation` that takes the ID (getters). */
  readonly pathArg?: string;
  /**
   * When set, `operation` is a paginated list: it is called with `keywordType` and `keyword: id`
   * and the resource is the item whose `idField` equals the ID.
   */
  readonly lookup?: { readonly keywordType: string; readonly idField: string };
  /** Dot paths tried in order for the status, or a function deriving it (resources without one). */
  readonly status: readonly string[] | ((resource: WaiterResourceFields) => string | undefined);
  /** Success states (upper case; compared case-insensitively). Empty for deletion waiters. */
  readonly success: readonly string[];
  /** States that end the wait with `BceWaiterError` `failure-state` (upper case). */
  readonly failure: readonly string[];
  /** An extra condition a success state must meet, e.g. all instances running. */
  readonly ready?: (resource: WaiterResourceFields) => boolean;
  /** A deletion waiter: done when the getter answers 404 or the resource is absent from the list. */
  readonly deleted?: boolean;
  /** The state waited for, in words (used in error messages). */
  readonly target: string;
}
