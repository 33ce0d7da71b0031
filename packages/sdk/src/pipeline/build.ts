import { uriEncode } from '../auth/encoding.js';
import { BceValidationError } from '../core/errors.js';
import { sensitiveValues } from '../core/logger.js';
import type { RequestOptions } from '../core/options.js';
import { modelSchemas } from '../generated/schemas.js';
import { goEncodeModel, goEncodeValue, goJsonText } from '../internal/go-json.js';
import type { OperationSpec, QuerySpec } from '../internal/operation.js';
import { platform } from '../platform/index.js';
import { inputRules } from '../validation/rules.js';
import { checkRule } from '../validation/values.js';
import { validateCall } from './validate.js';

/** A request ready to be signed and sent. */
const NO_SECRETS: ReadonlySet<string> = new Set();

export interface PreparedRequest {
  readonly method: string;
  /** Decoded path: what the signer canonicalises. */
  readonly path: string;
  /** Path as sent: every interpolated segment percent-encoded, so it equals the canonical URI. */
  readonly wirePath: string;
  readonly query: ReadonlyArray<readonly [string, string]>;
  readonly body: Uint8Array | undefined;
  readonly contentMd5: string | undefined;
  /** The clientToken sent (given or generated), when the operation takes one. */
  readonly clientToken: string | undefined;
  /** Values of the body under sensitive keys (passwords, keys): never to be echoed in logs or errors. */
  readonly bodySecrets: ReadonlySet<string>;
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

/**
 * Validates the call and builds method, path, query and body from the operation table. With
 * `validate: false` only the path IDs are checked (for safety); the input is sent as given.
 */
export function prepareRequest(
  op: OperationSpec,
  pathArgs: readonly unknown[],
  input: unknown,
  options: RequestOptions | undefined,
  validate = true,
): PreparedRequest {
  validateCall(op, pathArgs, input, validate);
  const { path, wirePath } = fillPath(op, pathArgs);

  const record = (op.input === 'object' ? input : undefined) as Record<string, unknown> | undefined;
  const query: Array<[string, string]> = [];
  for (const q of op.query) {
    let value: string | undefined;
    switch (q.source) {
      case 'constant':
        value = '';
        break;
      case 'array':
        value = queryValue(q, Array.isArray(input) ? input.join(',') : String(input ?? ''));
        break;
      case 'path':
        value = queryValue(q, pathArg(op, pathArgs, q.field!));
        break;
      case 'input':
        value = queryValue(q, record?.[q.field!]);
        break;
    }
    if (value !== undefined) query.push([q.key, value]);
  }

  let clientToken: string | undefined;
  if (op.clientToken) {
    clientToken = options?.clientToken ?? platform.randomUUID();
    if (typeof clientToken !== 'string' || clientToken === '') {
      throw new BceValidationError(op.name, 'clientToken', 'must be a non-empty string');
    }
    if (validate) checkRule(op.name, 'clientToken', clientToken, inputRules.fieldRules.clientToken!);
    query.push(['clientToken', clientToken]);
  } else if (options?.clientToken !== undefined) {
    throw new BceValidationError(op.name, 'clientToken', `is not accepted by ${op.name}`);
  }

  let body: Uint8Array | undefined;
  let bodySecrets: ReadonlySet<string> = NO_SECRETS;
  if (op.body) {
    const json =
      op.body.kind === 'object'
        ? withUnknownFields(goEncodeModel(op.body.model, record), op, record, validate)
        : goEncodeValue(`array of ${op.body.items}`, input);
    body = platform.utf8(goJsonText(json));
    // Read from the value just encoded: the same leaves as the body, without parsing it back.
    bodySecrets = sensitiveValues(json);
  }
  return {
    method: op.method,
    path,
    wirePath,
    query,
    body,
    contentMd5: body ? platform.md5Base64(body) : undefined,
    clientToken,
    bodySecrets,
  };
}

/** The path argument named `arg` (the last one, should a name repeat). */
function pathArg(op: OperationSpec, pathArgs: readonly unknown[], arg: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < op.pathParams.length; i++) if (op.pathParams[i]!.arg === arg) value = pathArgs[i] as string;
  return value;
}

/**
 * An operation's path template cut at its placeholders, once: the literal text around them and,
 * per placeholder, which path argument fills it. Null when the plain replacements could differ
 * from filling in order: a placeholder missing, repeated or out of order, or a brace in the text.
 */
interface PathTemplate {
  readonly literals: readonly string[];
  readonly args: readonly number[];
}
const pathTemplates = new WeakMap<OperationSpec, PathTemplate | null>();

function pathTemplate(op: OperationSpec): PathTemplate | null {
  let template = pathTemplates.get(op);
  if (template !== undefined) return template;
  const literals: string[] = [];
  const args: number[] = [];
  let rest = op.path;
  let ok = true;
  for (const p of op.pathParams) {
    const marker = `{${p.name}}`;
    const at = rest.indexOf(marker);
    if (at < 0 || rest.indexOf(marker, at + 1) >= 0) {
      ok = false;
      break;
    }
    literals.push(rest.slice(0, at));
    // The argument a replacement would use: the last one of that name.
    args.push(op.pathParams.map((q) => q.arg).lastIndexOf(p.arg));
    rest = rest.slice(at + marker.length);
  }
  literals.push(rest);
  if (literals.some((l) => l.includes('{') || l.includes('}'))) ok = false;
  template = ok ? { literals, args } : null;
  pathTemplates.set(op, template);
  return template;
}

/** The decoded path (what is signed) and the path as sent (each interpolated segment percent-encoded). */
function fillPath(op: OperationSpec, pathArgs: readonly unknown[]): { path: string; wirePath: string } {
  if (op.pathParams.length === 0) return { path: op.path, wirePath: op.path };
  const template = pathTemplate(op);
  if (template !== null) {
    let path = template.literals[0]!;
    let wirePath = path;
    let braces = false;
    for (let i = 0; i < template.args.length; i++) {
      const value = pathArgs[template.args[i]!] as string;
      // A value with a brace could hold a later placeholder, which the replacements would fill.
      if (value.includes('{') || value.includes('}')) {
        braces = true;
        break;
      }
      const literal = template.literals[i + 1]!;
      path += value + literal;
      wirePath += uriEncode(value) + literal;
    }
    if (!braces) return { path, wirePath };
  }
  let path = op.path;
  let wirePath = op.path;
  for (const p of op.pathParams) {
    const value = pathArg(op, pathArgs, p.arg)!;
    // A replacer function: a string replacement would expand `$&`, `$'` and `$\`` inside IDs.
    path = path.replace(`{${p.name}}`, () => value);
    wirePath = wirePath.replace(`{${p.name}}`, () => uriEncode(value));
  }
  return { path, wirePath };
}

/**
 * With validation off, top-level fields the SDK does not know are sent too (after the known ones):
 * the service may accept a field that is newer than this SDK.
 */
function withUnknownFields(
  json: Record<string, unknown>,
  op: OperationSpec,
  record: Record<string, unknown> | undefined,
  validate: boolean,
): Record<string, unknown> {
  if (validate || !record || typeof record !== 'object' || Array.isArray(record)) return json;
  const known = new Set((op.inputSchema ? modelSchemas[op.inputSchema] : undefined)?.map((f) => f[0]));
  for (const [k, v] of Object.entries(record)) {
    if (!known.has(k) && !(k in json) && v !== undefined) json[k] = v;
  }
  return json;
}

/** `k=v&flag` with the signing encoder; value-less parameters go out as a bare key, like the Go SDK. */
export function wireQueryString(query: ReadonlyArray<readonly [string, string]>): string {
  return query.map(([k, v]) => (v === '' ? uriEncode(k) : `${uriEncode(k)}=${uriEncode(v)}`)).join('&');
}
