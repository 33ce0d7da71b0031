/**
 * An independent reading of spec/bec-api.json (not the SDK's generated schemas): checks a decoded
 * JSON body against a response model the way Go's encoding/json would have produced it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface SpecField {
  field: string;
  json: string | null;
  type: string;
  goType: string;
  omitempty?: boolean;
  pointer?: boolean;
  embedded?: boolean;
}

interface SpecModel {
  name: string;
  kind: string;
  fields: SpecField[];
  definedAs?: string;
}

interface SpecOperation {
  name: string;
  response: string | null;
}

export interface Spec {
  operations: SpecOperation[];
  models: SpecModel[];
}

/** One JSON key of a model after Go's embedding rules: promoted fields included, shallower wins. */
export interface JsonField {
  json: string;
  type: string;
  goType: string;
  /** Go leaves the key out when the value is empty. */
  omitempty: boolean;
}

/** Whether Go's `omitempty` drops this value: nil pointers; for other kinds, false, 0, "" and empty slices and maps. */
function omittedByGo(f: JsonField, value: unknown): boolean {
  if (value === null) return true;
  if (f.goType.startsWith('*')) return false;
  if (Array.isArray(value)) return value.length === 0;
  if (f.type.startsWith('map of ')) return typeof value === 'object' && Object.keys(value as object).length === 0;
  return value === false || value === 0 || value === '';
}

const SPEC_PATH = fileURLToPath(new URL('../../../../spec/bec-api.json', import.meta.url));

export function loadSpec(path = SPEC_PATH): Spec {
  return JSON.parse(readFileSync(path, 'utf8')) as Spec;
}

const PRIMITIVES = new Set(['string', 'int', 'int64', 'float64', 'bool', 'any']);

export class ShapeChecker {
  readonly #models = new Map<string, SpecModel>();
  readonly #fields = new Map<string, Map<string, JsonField>>();
  /** How many values were checked (keys, array items and map entries, at every depth). */
  checkedValues = 0;

  constructor(spec: Spec) {
    for (const m of spec.models) this.#models.set(m.name, m);
  }

  /** The JSON keys of a model, embedded structs promoted (an outer key hides an embedded one). */
  fieldsOf(model: string): Map<string, JsonField> {
    const cached = this.#fields.get(model);
    if (cached) return cached;
    const m = this.#models.get(model);
    if (!m) throw new Error(`the spec has no model ${model}`);
    if (m.definedAs) return this.fieldsOf(m.definedAs);
    const out = new Map<string, JsonField>();
    const promoted = new Map<string, JsonField>();
    for (const f of m.fields) {
      if (f.embedded) {
        for (const [k, v] of this.fieldsOf(f.type)) if (!promoted.has(k)) promoted.set(k, v);
        continue;
      }
      if (f.json === null || f.json === '-') continue;
      out.set(f.json, { json: f.json, type: f.type, goType: f.goType, omitempty: f.omitempty === true });
    }
    for (const [k, v] of promoted) if (!out.has(k)) out.set(k, v);
    this.#fields.set(model, out);
    return out;
  }

  /** Problems of `value` as an encoding of `type`, each with its JSON path; empty when it fits. */
  check(type: string, value: unknown, at = '$', nullable = false): string[] {
    this.checkedValues++;
    if (value === null) {
      return nullable || type === 'any' || type.startsWith('array of ') || type.startsWith('map of ')
        ? []
        : [`${at}: null where Go sends a ${type}`];
    }
    if (type.startsWith('array of ')) {
      if (!Array.isArray(value)) return [`${at}: expected an array (${type}), got ${JSON.stringify(value)}`];
      const item = type.slice('array of '.length);
      return value.flatMap((v, i) => this.check(item, v, `${at}[${i}]`));
    }
    if (type.startsWith('map of string to ')) {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: expected an object (${type})`];
      const item = type.slice('map of string to '.length);
      return Object.entries(value).flatMap(([k, v]) => this.check(item, v, `${at}.${k}`));
    }
    if (PRIMITIVES.has(type)) {
      const fits =
        type === 'any' ||
        (type === 'string' && typeof value === 'string') ||
        (type === 'bool' && typeof value === 'boolean') ||
        ((type === 'int' || type === 'int64') && Number.isInteger(value)) ||
        (type === 'float64' && typeof value === 'number' && Number.isFinite(value));
      return fits ? [] : [`${at}: expected ${type}, got ${JSON.stringify(value)}`];
    }
    // A model.
    if (typeof value !== 'object' || Array.isArray(value)) {
      return [`${at}: expected an object (${type}), got ${JSON.stringify(value)}`];
    }
    const fields = this.fieldsOf(type);
    const record = value as Record<string, unknown>;
    const problems: string[] = [];
    for (const [key, v] of Object.entries(record)) {
      const f = fields.get(key);
      if (!f) {
        problems.push(`${at}.${key}: not a JSON field of ${type}`);
        continue;
      }
      if (f.omitempty && omittedByGo(f, v)) {
        problems.push(`${at}.${key}: ${JSON.stringify(v)} in an omitempty field (Go leaves it out)`);
        continue;
      }
      const goNullable = /^(\*|\[\]|map\[|interface)/.test(f.goType);
      problems.push(...this.check(f.type, v, `${at}.${key}`, goNullable));
    }
    for (const f of fields.values()) {
      if (!f.omitempty && !(f.json in record)) problems.push(`${at}.${f.json}: missing (${type} always sends it)`);
    }
    return problems;
  }
}
