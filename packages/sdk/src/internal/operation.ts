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
  /** Response model, `array of X`, or null when the Go SDK ignores the body. */
  readonly response: string | null;
  readonly doc: string;
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
