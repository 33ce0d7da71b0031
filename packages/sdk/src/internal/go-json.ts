import { modelSchemas } from '../generated/schemas.js';
import { elementType, isArrayType, isMapType, mapValueType, OMITEMPTY, POINTER, SCALAR_TYPES } from './schema.js';

/** A schema type as the encoder needs it, parsed once. */
type EncodeNode =
  | { readonly kind: 'scalar' }
  | { readonly kind: 'array'; readonly item: EncodeNode }
  | { readonly kind: 'map'; readonly item: EncodeNode }
  | { readonly kind: 'model'; readonly model: string };

/** One field of a model as encoded: everything that does not depend on the value, worked out once. */
interface EncodeField {
  readonly json: string;
  readonly node: EncodeNode;
  /** Skipped when unset (omitempty, and a pointer or not a struct). */
  readonly omitWhenUnset: boolean;
  /** Skipped when empty (omitempty, and not a struct value). */
  readonly omitWhenEmpty: boolean;
  /** Go's zero value when unset: a constant, or (a struct value) a fresh zero struct of `zeroModel`. */
  readonly zero: unknown;
  readonly zeroModel: string | undefined;
}

const encodeNodes = new Map<string, EncodeNode>();
const encodePlans = new Map<string, readonly EncodeField[]>();

function encodeNode(type: string): EncodeNode {
  let node = encodeNodes.get(type);
  if (node !== undefined) return node;
  if (SCALAR_TYPES.has(type)) node = { kind: 'scalar' };
  else if (isArrayType(type)) node = { kind: 'array', item: encodeNode(elementType(type)) };
  else if (isMapType(type)) node = { kind: 'map', item: encodeNode(mapValueType(type)) };
  else node = { kind: 'model', model: type };
  encodeNodes.set(type, node);
  return node;
}

function encodePlan(model: string): readonly EncodeField[] {
  let plan = encodePlans.get(model);
  if (plan !== undefined) return plan;
  const schema = modelSchemas[model];
  if (!schema) throw new Error(`no schema for ${model}`);
  plan = schema.map(([json, type, flags]) => {
    const isStruct = !SCALAR_TYPES.has(type) && !isArrayType(type) && !isMapType(type);
    const structValue = isStruct && !(flags & POINTER);
    return {
      json,
      node: encodeNode(type),
      omitWhenUnset: (flags & OMITEMPTY) !== 0 && ((flags & POINTER) !== 0 || !isStruct),
      omitWhenEmpty: (flags & OMITEMPTY) !== 0 && !structValue,
      zero: structValue ? undefined : zeroValue(type, flags),
      zeroModel: structValue ? type : undefined,
    };
  });
  encodePlans.set(model, plan);
  return plan;
}

/**
 * Builds the JSON value Go's encoding/json produces for a model, so bodies match the official SDK:
 * fields in struct order; `omitempty` fields skipped when empty; other unset fields sent as Go's
 * zero value (`false`, `0`, `""`, `null` for pointers/slices/maps, a zero struct for struct values).
 */
export function goEncodeModel(
  model: string,
  value: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  const plan = encodePlan(model);
  const out: Record<string, unknown> = {};
  for (const field of plan) {
    const v = value?.[field.json];
    if (v === undefined || v === null) {
      if (field.omitWhenUnset) continue;
      out[field.json] = field.zeroModel === undefined ? field.zero : goEncodeModel(field.zeroModel, undefined);
      continue;
    }
    if (field.omitWhenEmpty && isEmpty(field.node, v)) continue;
    out[field.json] = encodeValue(field.node, v);
  }
  return out;
}

export function goEncodeValue(type: string, value: unknown): unknown {
  return encodeValue(encodeNode(type), value);
}

function encodeValue(node: EncodeNode, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (node.kind === 'scalar') return value;
  // Unvalidated input (validation turned off) of another shape is sent as given.
  if (node.kind === 'array') {
    if (!Array.isArray(value)) return value;
    const item = node.item;
    return value.map((v) => encodeValue(item, v));
  }
  if (typeof value !== 'object') return value;
  if (node.kind === 'map') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as object)) out[k] = encodeValue(node.item, v);
    return out;
  }
  return goEncodeModel(node.model, value as Record<string, unknown>);
}

/** Go's zero value of a type that is not a struct value (those get a fresh zero struct each time). */
function zeroValue(type: string, flags: number): unknown {
  if (flags & POINTER) return null;
  switch (type) {
    case 'string':
      return '';
    case 'int':
    case 'int64':
    case 'float64':
      return 0;
    case 'bool':
      return false;
  }
  return null;
}

function isEmpty(node: EncodeNode, v: unknown): boolean {
  if (v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (node.kind === 'map') return Object.keys(v as object).length === 0;
  return false;
}

const HTML_UNSAFE = /[<>&\u2028\u2029]/;
const HTML_UNSAFE_ALL = /[<>&\u2028\u2029]/g;
const GO_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** JSON text as Go's encoding/json writes it (HTML-safe escapes), so Content-MD5 matches the official SDK byte for byte. */
export function goJsonText(value: unknown): string {
  const text = JSON.stringify(value);
  // Scanned once when there is nothing to escape (the usual case); no text is undefined.
  if (typeof text === 'string' && !HTML_UNSAFE.test(text)) return text;
  return text.replace(HTML_UNSAFE_ALL, (ch) => GO_ESCAPES[ch]!);
}
