import { createHash, randomUUID } from 'node:crypto';
import { uriEncode } from '../auth/encoding.js';
import { BceValidationError } from '../core/errors.js';
import type { RequestOptions } from '../core/options.js';
import { inputRules } from '../validation/rules.js';
import { goEncodeModel, goEncodeValue, goJsonText } from './go-json.js';
import type { OperationSpec, QuerySpec } from './operation.js';
import { checkRule, validateCall } from './validate.js';

/** A request ready to be signed and sent. */
export interface PreparedRequest {
  readonly method: string;
  /** Decoded path: what the signer canonicalises. */
  readonly path: string;
  /** Path as sent: every interpolated segment percent-encoded, so it equals the canonical URI. */
  readonly wirePath: string;
  readonly query: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer | undefined;
  readonly contentMd5: string | undefined;
  /** The clientToken sent (given or generated), when the operation takes one. */
  readonly clientToken: string | undefined;
}

function queryValue(q: QuerySpec, value: unknown): string | undefined {
  switch (q.sentWhen) {
    case 'non-empty':
      if (value === undefined || value === null || value === '') return undefined;
      break;
    case 'non-zero':
      if (value === undefined || value === null || value === 0) return undefined;
      break;
    case 'always':
      if (value === undefined || value === null) value = q.type === 'bool' ? false : q.type === 'int' ? 0 : '';
      break;
  }
  if (q.type === 'bool') return value ? 'true' : 'false';
  return String(value);
}

/** Validates the call and builds method, path, query and body from the operation table. */
export function prepareRequest(
  op: OperationSpec,
  pathArgs: readonly unknown[],
  input: unknown,
  options: RequestOptions | undefined,
): PreparedRequest {
  validateCall(op, pathArgs, input);
  const args = new Map(op.pathParams.map((p, i) => [p.arg, pathArgs[i] as string]));
  let path = op.path;
  let wirePath = op.path;
  for (const p of op.pathParams) {
    const value = args.get(p.arg)!;
    // A replacer function: a string replacement would expand `$&`, `$'` and `$\`` inside IDs.
    path = path.replace(`{${p.name}}`, () => value);
    wirePath = wirePath.replace(`{${p.name}}`, () => uriEncode(value));
  }

  const record = (op.input === 'object' ? input : undefined) as Record<string, unknown> | undefined;
  const query: Array<[string, string]> = [];
  for (const q of op.query) {
    let value: string | undefined;
    switch (q.source) {
      case 'constant':
        value = '';
        break;
      case 'array':
        value = queryValue(q, ((input as string[] | undefined) ?? []).join(','));
        break;
      case 'path':
        value = queryValue(q, args.get(q.field!));
        break;
      case 'input':
        value = queryValue(q, record?.[q.field!]);
        break;
    }
    if (value !== undefined) query.push([q.key, value]);
  }

  let clientToken: string | undefined;
  if (op.clientToken) {
    clientToken = options?.clientToken ?? randomUUID();
    if (typeof clientToken !== 'string' || clientToken === '') {
      throw new BceValidationError(op.name, 'clientToken', 'must be a non-empty string');
    }
    checkRule(op.name, 'clientToken', clientToken, inputRules.fieldRules.clientToken!);
    query.push(['clientToken', clientToken]);
  } else if (options?.clientToken !== undefined) {
    throw new BceValidationError(op.name, 'clientToken', `is not accepted by ${op.name}`);
  }

  let body: Buffer | undefined;
  if (op.body) {
    const json =
      op.body.kind === 'object'
        ? goEncodeModel(op.body.model, record)
        : goEncodeValue(`array of ${op.body.items}`, input);
    body = Buffer.from(goJsonText(json), 'utf8');
  }
  return {
    method: op.method,
    path,
    wirePath,
    query,
    body,
    contentMd5: body ? createHash('md5').update(body).digest('base64') : undefined,
    clientToken,
  };
}

/** `k=v&flag` with the signing encoder; value-less parameters go out as a bare key, like the Go SDK. */
export function wireQueryString(query: ReadonlyArray<readonly [string, string]>): string {
  return query.map(([k, v]) => (v === '' ? uriEncode(k) : `${uriEncode(k)}=${uriEncode(v)}`)).join('&');
}
