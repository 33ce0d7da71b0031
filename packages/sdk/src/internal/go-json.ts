import { modelSchemas } from '../generated/schemas.js';
import { elementType, isArrayType, isMapType, mapValueType, OMITEMPTY, POINTER, SCALAR_TYPES } from './schema.js';

/**
 * Builds the JSON value Go's encoding/json produces for a model, so bodies match the official SDK:
 * fields in struct order; `omitempty` fields skipped when empty; other unset fields sent as Go's
 * zero value (`false`, `0`, `""`, `null` for pointers/slices/maps, a zero struct for struct values).
 */
export function goEncodeModel(
  model: string,
  value: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  const schema = modelSchemas[model];
  if (!schema) throw new Error(`no schema for ${model}`);
  const out: Record<string, unknown> = {};
  for (const [json, type, flags] of schema) {
    const v = value?.[json];
    const isStruct = !SCALAR_TYPES.has(type) && !isArrayType(type) && !isMapType(type);
    if (v === undefined || v === null) {
      if (flags & OMITEMPTY && (flags & POINTER || !isStruct)) continue;
      out[json] = zeroValue(type, flags);
      continue;
    }
    if (flags & OMITEMPTY && !(isStruct && !(flags & POINTER)) && isEmpty(type, v)) continue;
    out[json] = goEncodeValue(type, v);
  }
  return out;
}

export function goEncodeValue(type: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (SCALAR_TYPES.has(type)) return value;
  // Unvalidated input (validation turned off) of another shape is sent as given.
  if (isArrayType(type)) return Array.isArray(value) ? value.map((v) => goEncodeValue(elementType(type), v)) : value;
  if (typeof value !== 'object') return value;
  if (isMapType(type)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as object)) out[k] = goEncodeValue(mapValueType(type), v);
    return out;
  }
  return goEncodeModel(type, value as Record<string, unknown>);
}

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
    case 'any':
      return null;
  }
  if (isArrayType(type) || isMapType(type)) return null;
  return goEncodeModel(type, undefined);
}

function isEmpty(type: string, v: unknown): boolean {
  if (v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isMapType(type)) return Object.keys(v as object).length === 0;
  return false;
}

const GO_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** JSON text as Go's encoding/json writes it (HTML-safe escapes), so Content-MD5 matches the official SDK byte for byte. */
export function goJsonText(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => GO_ESCAPES[ch]!);
}
