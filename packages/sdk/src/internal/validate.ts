import { BceValidationError } from '../core/errors.js';
import { enumValues } from '../generated/enums.js';
import { modelSchemas } from '../generated/schemas.js';
import { type FieldRule, inputRules } from '../validation/rules.js';
import type { OperationSpec } from './operation.js';
import { elementType, isArrayType, isMapType, mapValueType, NULLABLE, OMITEMPTY, POINTER } from './schema.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is rejected
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Describes a value's type for an error message, never its content (it may be a password). */
function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'number' && !Number.isInteger(value)) return 'a fractional number';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function allowedList(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

/** Throws BceValidationError unless `value` can be placed in a path segment without changing the path. */
export function checkPathSegment(operation: string, name: string, value: unknown, enumName?: string): void {
  if (typeof value !== 'string')
    throw new BceValidationError(operation, name, `must be a string, got ${typeOf(value)}`);
  if (value === '') throw new BceValidationError(operation, name, 'must not be empty');
  if (value.trim() === '') throw new BceValidationError(operation, name, 'must not be blank');
  if (value === '.' || value === '..') throw new BceValidationError(operation, name, 'must not be "." or ".."');
  if (value.includes('/')) throw new BceValidationError(operation, name, 'must not contain "/"');
  if (CONTROL.test(value)) throw new BceValidationError(operation, name, 'must not contain control characters');
  // A lone surrogate has no UTF-8 form: it would reach the server as U+FFFD, a different ID.
  if (LONE_SURROGATE.test(value)) throw new BceValidationError(operation, name, 'must be valid Unicode text');
  if (enumName && inputRules.closedEnums.has(enumName)) {
    const allowed = enumValues[enumName] ?? [];
    if (!allowed.includes(value))
      throw new BceValidationError(operation, name, `must be one of ${allowedList(allowed)}`);
  }
  const rule = inputRules.pathRules[`${operation}.${name}`];
  if (rule) checkRule(operation, name, value, rule);
}

/** Checks a value against a documented rule (ranges, lengths, patterns, closed lists). */
export function checkRule(operation: string, path: string, value: unknown, rule: FieldRule): void {
  const fail = (): never => {
    throw new BceValidationError(operation, path, `must be ${rule.rule}`);
  };
  if (typeof value === 'number') {
    const inRange = (rule.min === undefined || value >= rule.min) && (rule.max === undefined || value <= rule.max);
    if (!inRange && !rule.allow?.includes(value)) fail();
  } else if (typeof value === 'string') {
    const length = [...value].length;
    if (rule.minLength !== undefined && length < rule.minLength) fail();
    if (rule.maxLength !== undefined && length > rule.maxLength) fail();
    if (rule.pattern && !rule.pattern.test(value)) fail();
    if (rule.oneOf && !rule.oneOf.includes(value)) fail();
  } else if (Array.isArray(value)) {
    if (rule.minItems !== undefined && value.length < rule.minItems) fail();
    if (rule.maxItems !== undefined && value.length > rule.maxItems) fail();
    if (rule.each) {
      const each = rule.each;
      value.forEach((item, i) => {
        checkRule(operation, `${path}[${i}]`, item, each);
      });
    }
  }
}

/** Checks a value against a schema type (`string`, `int`, `array of X`, a model name, ...). */
export function checkType(operation: string, path: string, type: string, value: unknown, enumName?: string): void {
  const expect = (what: string): never => {
    throw new BceValidationError(operation, path, `must be ${what}, got ${typeOf(value)}`);
  };
  switch (type) {
    case 'string':
      if (typeof value !== 'string') expect('a string');
      if (enumName && inputRules.closedEnums.has(enumName)) {
        const allowed = enumValues[enumName] ?? [];
        if (!allowed.includes(value as string)) {
          throw new BceValidationError(operation, path, `must be one of ${allowedList(allowed)}`);
        }
      }
      return;
    case 'int':
    case 'int64':
      if (!Number.isSafeInteger(value)) expect('an integer');
      return;
    case 'float64':
      if (typeof value !== 'number' || !Number.isFinite(value)) expect('a finite number');
      return;
    case 'bool':
      if (typeof value !== 'boolean') expect('a boolean');
      return;
    case 'any':
      return;
  }
  if (isArrayType(type)) {
    if (!Array.isArray(value)) expect('an array');
    const item = elementType(type);
    (value as unknown[]).forEach((v, i) => {
      checkType(operation, `${path}[${i}]`, item, v);
    });
    return;
  }
  if (isMapType(type)) {
    if (!isPlainObject(value)) expect('an object');
    const item = mapValueType(type);
    for (const [k, v] of Object.entries(value as object)) checkType(operation, `${path}.${k}`, item, v);
    return;
  }
  checkModel(operation, path, type, value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Checks an object against a model schema: known keys only, types, required fields, rules.
 * `ruleModels` are further names whose rules apply (an `<Operation>Input` inherits the rules of
 * the body model it extends).
 */
export function checkModel(
  operation: string,
  path: string,
  model: string,
  value: unknown,
  ruleModels: readonly string[] = [],
): void {
  const schema = modelSchemas[model];
  if (!schema) throw new BceValidationError(operation, path || 'input', `has no schema ${model}`);
  if (!isPlainObject(value)) {
    throw new BceValidationError(operation, path || 'input', `must be an object (${model}), got ${typeOf(value)}`);
  }
  const names = [model, ...ruleModels];
  const record = value;
  const prefix = path ? `${path}.` : '';
  for (const key of Object.keys(record)) {
    if (record[key] !== undefined && !schema.some((f) => f[0] === key)) {
      throw new BceValidationError(operation, `${prefix}${key}`, `is not a field of ${model}`);
    }
  }
  const required = new Set(names.flatMap((n) => inputRules.requiredFields[n] ?? []));
  for (const [json, type, flags, enumName] of schema) {
    const v = record[json];
    const fieldPath = `${prefix}${json}`;
    // Go omits empty omitempty values, so 0, false, "" and [] there mean "not sent".
    const unsent =
      v === undefined ||
      v === null ||
      v === '' ||
      (Array.isArray(v) && v.length === 0) ||
      (flags & OMITEMPTY &&
        (v === 0 || v === false || (isMapType(type) && isPlainObject(v) && Object.keys(v).length === 0)));
    if (unsent) {
      if (required.has(json)) throw new BceValidationError(operation, fieldPath, 'is required');
      if (v === null && !(flags & (POINTER | NULLABLE)) && !isArrayType(type) && !isMapType(type) && type !== 'any') {
        throw new BceValidationError(operation, fieldPath, 'must not be null');
      }
      if (v === undefined || v === null) continue;
    }
    checkType(operation, fieldPath, type, v, enumName);
    if (unsent) continue;
    const rule = ruleFor(names, json);
    if (rule) checkRule(operation, fieldPath, v, rule);
  }
  for (const name of names) {
    for (const check of inputRules.crossField[name] ?? []) {
      const problem = check(record);
      if (problem) throw new BceValidationError(operation, `${prefix}${problem.field}`, problem.rule);
    }
  }
}

function ruleFor(models: readonly string[], field: string): FieldRule | undefined {
  for (const model of models) {
    const rule = inputRules.fieldRules[`${model}.${field}`];
    if (rule) return rule;
  }
  return inputRules.fieldRules[field];
}

/** Validates everything a call was given, before anything is built or sent. */
export function validateCall(op: OperationSpec, pathArgs: readonly unknown[], input: unknown): void {
  op.pathParams.forEach((p, i) => {
    checkPathSegment(op.name, p.arg, pathArgs[i], p.enum);
  });
  if (op.input === 'none') {
    if (input !== undefined) throw new BceValidationError(op.name, 'input', `is not accepted by ${op.name}`);
    return;
  }
  if (input === undefined || input === null) {
    if (op.inputRequired) throw new BceValidationError(op.name, 'input', 'is required');
    return;
  }
  if (op.input === 'array') {
    if (!Array.isArray(input)) throw new BceValidationError(op.name, 'input', `must be an array, got ${typeOf(input)}`);
    if (input.length === 0) throw new BceValidationError(op.name, 'input', 'must not be empty');
    const items = op.body?.kind === 'array' ? op.body.items : 'string';
    input.forEach((item, i) => {
      const path = `input[${i}]`;
      if (items === 'string') {
        if (typeof item !== 'string' || item === '') {
          throw new BceValidationError(op.name, path, 'must be a non-empty string');
        }
        // DeleteVmImage joins the IDs with ',' into one query value.
        if (op.body === undefined && item.includes(',')) {
          throw new BceValidationError(op.name, path, 'must not contain ","');
        }
      } else checkModel(op.name, path, items, item);
    });
    return;
  }
  const schema = op.inputSchema;
  if (!schema) throw new BceValidationError(op.name, 'input', 'has no schema');
  const bodyModel = op.body?.kind === 'object' && op.body.model !== schema ? [op.body.model] : [];
  checkModel(op.name, '', schema, input, bodyModel);
}
