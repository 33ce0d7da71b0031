import { isUtf8 } from 'node:buffer';
import { BceValidationError } from 'bec-sdk';
import {
  checkModel,
  checkPathSegment,
  checkType,
  type FieldTuple,
  modelSchemas,
  type OperationSpec,
} from 'bec-sdk/spec';
import { badRequest, EmulatorError } from './errors.js';

const OMITEMPTY = 1;
const SCALARS = new Set(['string', 'int', 'int64', 'float64', 'bool', 'any']);

function isZero(type: string, value: unknown): boolean {
  if (value === null) return true;
  switch (type) {
    case 'string':
      return value === '';
    case 'int':
    case 'int64':
    case 'float64':
      return value === 0;
    case 'bool':
      return value === false;
  }
  return false;
}

/**
 * The inverse of the SDK's Go-style encoding: drops the zero values Go sends for fields without
 * `omitempty` (and empty nested structs), so handlers see what the caller actually set.
 */
export function sparseModel(model: string, value: unknown): unknown {
  const schema: readonly FieldTuple[] | undefined = modelSchemas[model];
  if (!schema || !value || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  const known = new Set(schema.map((f) => f[0]));
  for (const [key, v] of Object.entries(record)) {
    if (!known.has(key)) out[key] = v; // left for validation to reject
  }
  for (const [json, type, flags] of schema) {
    if (!(json in record)) continue;
    let v = record[json];
    if (!(flags & OMITEMPTY) && isZero(type, v)) continue;
    if (v === null) continue;
    if (type.startsWith('array of ')) {
      const item = type.slice(9);
      if (Array.isArray(v) && !SCALARS.has(item)) v = v.map((x) => sparseModel(item, x));
    } else if (!SCALARS.has(type) && !type.startsWith('map of ')) {
      v = sparseModel(type, v);
      if (v && typeof v === 'object' && Object.keys(v).length === 0 && !(flags & OMITEMPTY)) continue;
    }
    out[json] = v;
  }
  return out;
}

function toBadRequest(err: unknown): never {
  if (err instanceof BceValidationError) throw badRequest(`Invalid ${err.field}: ${err.rule}.`);
  throw err;
}

/** Turns a matched request into the SDK-shaped input of its operation, validated. */
export function decodeInput(
  op: OperationSpec,
  pathArgs: Readonly<Record<string, string>>,
  query: ReadonlyArray<[string, string]>,
  body: Buffer,
): unknown {
  try {
    for (const p of op.pathParams) checkPathSegment(op.name, p.arg, pathArgs[p.arg], p.enum);
  } catch (err) {
    toBadRequest(err);
  }
  const queryMap = new Map(query);
  let input: unknown;
  if (op.input === 'none') return undefined;

  let parsedBody: unknown;
  if (op.body) {
    if (body.length === 0) throw badRequest('The request body is required.');
    if (!isUtf8(body)) throw new EmulatorError(400, 'MalformedJSON', 'The request body is not valid UTF-8.');
    try {
      parsedBody = JSON.parse(body.toString('utf8'));
    } catch {
      throw new EmulatorError(400, 'MalformedJSON', 'The request body is not valid JSON.');
    }
  }

  if (op.input === 'array') {
    if (op.body) {
      if (!Array.isArray(parsedBody)) throw badRequest('The request body must be a JSON array.');
      input =
        op.body.kind === 'array' && !SCALARS.has(op.body.items)
          ? parsedBody.map((x) => sparseModel(op.body!.kind === 'array' ? op.body!.items : '', x))
          : parsedBody;
    } else {
      const q = op.query.find((x) => x.source === 'array')!;
      const raw = queryMap.get(q.key) ?? '';
      input = raw === '' ? [] : raw.split(',');
    }
    if ((input as unknown[]).length === 0) throw badRequest('The list of IDs must not be empty.');
    try {
      const itemType = op.body?.kind === 'array' ? op.body.items : 'string';
      (input as unknown[]).forEach((item, i) => {
        checkType(op.name, `[${i}]`, itemType, item);
      });
    } catch (err) {
      toBadRequest(err);
    }
    return input;
  }

  const record: Record<string, unknown> =
    op.body?.kind === 'object'
      ? (() => {
          if (!parsedBody || typeof parsedBody !== 'object' || Array.isArray(parsedBody)) {
            throw badRequest('The request body must be a JSON object.');
          }
          return sparseModel(op.body.model, parsedBody) as Record<string, unknown>;
        })()
      : {};
  for (const q of op.query) {
    if (q.source !== 'input') continue;
    const raw = queryMap.get(q.key);
    if (raw === undefined) continue;
    if (q.type === 'int') {
      if (!/^-?\d+$/.test(raw)) throw badRequest(`The query parameter ${q.key} must be an integer.`);
      const n = Number(raw);
      if (n !== 0) record[q.field!] = n;
    } else if (q.type === 'bool') {
      if (raw !== 'true' && raw !== 'false') throw badRequest(`The query parameter ${q.key} must be true or false.`);
      if (raw === 'true' || q.sentWhen === 'always') record[q.field!] = raw === 'true';
    } else if (raw !== '') record[q.field!] = raw;
  }
  try {
    checkModel(op.name, '', op.inputSchema!, record);
  } catch (err) {
    toBadRequest(err);
  }
  return record;
}
