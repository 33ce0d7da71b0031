import { BceValidationError, type ValidationIssue } from '../core/errors.js';
import { enumValues, modelSchemas } from '../generated/schemas.js';
import type { OperationSpec } from '../internal/operation.js';
import { elementType, isArrayType, isMapType, mapValueType, NULLABLE, OMITEMPTY, POINTER } from '../internal/schema.js';
import { type FieldRule, inputRules } from '../validation/rules.js';

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

/** Collects every problem of one call, so that the error lists all of them. */
export class Issues {
  readonly list: ValidationIssue[] = [];

  add(field: string, rule: string): false {
    this.list.push({ field, rule });
    return false;
  }

  /** Throws one BceValidationError listing every issue, if there is any. */
  throwIfAny(operation: string | undefined): void {
    const [first] = this.list;
    if (first) throw new BceValidationError(operation, first.field, first.rule, { issues: this.list });
  }
}

/**
 * Checks that `value` can be placed in a path segment without changing the path (always on);
 * with `rules`, also the segment's closed enum and documented rule. Returns false on a problem.
 */
export function pathIssues(
  issues: Issues,
  operation: string,
  name: string,
  value: unknown,
  enumName: string | undefined,
  rules: boolean,
): boolean {
  if (typeof value !== 'string') return issues.add(name, `must be a string, got ${typeOf(value)}`);
  if (value === '') return issues.add(name, 'must not be empty');
  if (value.trim() === '') return issues.add(name, 'must not be blank');
  if (value === '.' || value === '..') return issues.add(name, 'must not be "." or ".."');
  if (value.includes('/')) return issues.add(name, 'must not contain "/"');
  if (CONTROL.test(value)) return issues.add(name, 'must not contain control characters');
  // A lone surrogate has no UTF-8 form: it would reach the server as U+FFFD, a different ID.
  if (LONE_SURROGATE.test(value)) return issues.add(name, 'must be valid Unicode text');
  if (!rules) return true;
  if (enumName && inputRules.closedEnums.has(enumName)) {
    const allowed = enumValues[enumName] ?? [];
    if (!allowed.includes(value)) return issues.add(name, `must be one of ${allowedList(allowed)}`);
  }
  const rule = inputRules.pathRules[`${operation}.${name}`];
  return rule ? ruleIssues(issues, name, value, rule) : true;
}

/** Throws BceValidationError unless `value` can be placed in a path segment without changing the path. */
export function checkPathSegment(operation: string, name: string, value: unknown, enumName?: string): void {
  const issues = new Issues();
  pathIssues(issues, operation, name, value, enumName, true);
  issues.throwIfAny(operation);
}

/** Checks a value against a documented rule (ranges, lengths, patterns, closed lists). */
export function ruleIssues(issues: Issues, path: string, value: unknown, rule: FieldRule): boolean {
  const fail = (): false => issues.add(path, `must be ${rule.rule}`);
  if (typeof value === 'number') {
    const inRange = (rule.min === undefined || value >= rule.min) && (rule.max === undefined || value <= rule.max);
    if (!inRange && !rule.allow?.includes(value)) return fail();
  } else if (typeof value === 'string') {
    const length = [...value].length;
    if (rule.minLength !== undefined && length < rule.minLength) return fail();
    if (rule.maxLength !== undefined && length > rule.maxLength) return fail();
    if (rule.pattern && !rule.pattern.test(value)) return fail();
    if (rule.oneOf && !rule.oneOf.includes(value)) return fail();
  } else if (Array.isArray(value)) {
    if (rule.minItems !== undefined && value.length < rule.minItems) return fail();
    if (rule.maxItems !== undefined && value.length > rule.maxItems) return fail();
    if (rule.each) {
      const each = rule.each;
      let ok = true;
      value.forEach((item, i) => {
        ok = ruleIssues(issues, `${path}[${i}]`, item, each) && ok;
      });
      return ok;
    }
  }
  return true;
}

/** Throws BceValidationError unless `value` follows `rule`. */
export function checkRule(operation: string, path: string, value: unknown, rule: FieldRule): void {
  const issues = new Issues();
  ruleIssues(issues, path, value, rule);
  issues.throwIfAny(operation);
}

/** Checks a value against a schema type (`string`, `int`, `array of X`, a model name, ...). */
export function typeIssues(issues: Issues, path: string, type: string, value: unknown, enumName?: string): boolean {
  const expect = (what: string): false => issues.add(path, `must be ${what}, got ${typeOf(value)}`);
  switch (type) {
    case 'string':
      if (typeof value !== 'string') return expect('a string');
      if (enumName && inputRules.closedEnums.has(enumName)) {
        const allowed = enumValues[enumName] ?? [];
        if (!allowed.includes(value)) return issues.add(path, `must be one of ${allowedList(allowed)}`);
      }
      return true;
    case 'int':
    case 'int64':
      return Number.isSafeInteger(value) ? true : expect('an integer');
    case 'float64':
      return typeof value === 'number' && Number.isFinite(value) ? true : expect('a finite number');
    case 'bool':
      return typeof value === 'boolean' ? true : expect('a boolean');
    case 'any':
      return true;
  }
  if (isArrayType(type)) {
    if (!Array.isArray(value)) return expect('an array');
    const item = elementType(type);
    let ok = true;
    value.forEach((v, i) => {
      ok = typeIssues(issues, `${path}[${i}]`, item, v) && ok;
    });
    return ok;
  }
  if (isMapType(type)) {
    if (!isPlainObject(value)) return expect('an object');
    const item = mapValueType(type);
    let ok = true;
    for (const [k, v] of Object.entries(value)) ok = typeIssues(issues, `${path}.${k}`, item, v) && ok;
    return ok;
  }
  return modelIssues(issues, path, type, value);
}

/** Throws BceValidationError unless `value` is of `type`. */
export function checkType(operation: string, path: string, type: string, value: unknown, enumName?: string): void {
  const issues = new Issues();
  typeIssues(issues, path, type, value, enumName);
  issues.throwIfAny(operation);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** What a required field that is present but empty (0, "", [], false) must be instead. */
function emptyRule(value: unknown, rule: FieldRule | undefined): string {
  if (value === 0) return rule ? `must be ${rule.rule}` : 'must not be 0';
  if (value === false) return 'must be true';
  return `must not be empty${rule ? ` (it must be ${rule.rule})` : ''}`;
}

/**
 * Checks an object against a model schema: known keys only, types, required fields, rules.
 * `ruleModels` are further names whose rules apply (an `<Operation>Input` inherits the rules of
 * the body model it extends). Cross-field rules run when the fields themselves are valid.
 */
export function modelIssues(
  issues: Issues,
  path: string,
  model: string,
  value: unknown,
  ruleModels: readonly string[] = [],
): boolean {
  const schema = modelSchemas[model];
  if (!schema) return issues.add(path || 'input', `has no schema ${model}`);
  if (!isPlainObject(value)) return issues.add(path || 'input', `must be an object (${model}), got ${typeOf(value)}`);
  const before = issues.list.length;
  const names = [model, ...ruleModels];
  const record = value;
  const prefix = path ? `${path}.` : '';
  for (const key of Object.keys(record)) {
    if (record[key] !== undefined && !schema.some((f) => f[0] === key)) {
      issues.add(`${prefix}${key}`, `is not a field of ${model}`);
    }
  }
  const required = new Set(names.flatMap((n) => inputRules.requiredFields[n] ?? []));
  for (const [json, type, flags, enumName] of schema) {
    const v = record[json];
    const fieldPath = `${prefix}${json}`;
    if (v === undefined || v === null) {
      if (required.has(json)) issues.add(fieldPath, 'is required');
      else if (
        v === null &&
        !(flags & (POINTER | NULLABLE)) &&
        !isArrayType(type) &&
        !isMapType(type) &&
        type !== 'any'
      ) {
        issues.add(fieldPath, 'must not be null');
      }
      continue;
    }
    // Go omits empty omitempty values, so 0, false, "" and [] there mean "not sent".
    const unsent =
      v === '' ||
      (Array.isArray(v) && v.length === 0) ||
      (flags & OMITEMPTY &&
        (v === 0 || v === false || (isMapType(type) && isPlainObject(v) && Object.keys(v).length === 0)));
    if (!typeIssues(issues, fieldPath, type, v, enumName)) continue;
    const rule = ruleFor(names, json);
    if (unsent) {
      // Present but empty: say the rule it breaks, not "is required".
      if (required.has(json)) issues.add(fieldPath, emptyRule(v, rule));
      continue;
    }
    if (rule) ruleIssues(issues, fieldPath, v, rule);
  }
  if (issues.list.length > before) return false;
  for (const name of names) {
    for (const check of inputRules.crossField[name] ?? []) {
      const problem = check(record);
      if (problem) issues.add(`${prefix}${problem.field}`, problem.rule);
    }
  }
  return issues.list.length === before;
}

/** Throws BceValidationError unless `value` follows the model schema (see {@link modelIssues}). */
export function checkModel(
  operation: string,
  path: string,
  model: string,
  value: unknown,
  ruleModels: readonly string[] = [],
): void {
  const issues = new Issues();
  modelIssues(issues, path, model, value, ruleModels);
  issues.throwIfAny(operation);
}

function ruleFor(models: readonly string[], field: string): FieldRule | undefined {
  for (const model of models) {
    const rule = inputRules.fieldRules[`${model}.${field}`];
    if (rule) return rule;
  }
  return inputRules.fieldRules[field];
}

/**
 * Validates everything a call was given, before anything is built or sent, and throws one
 * BceValidationError listing every problem. With `rules: false` only the path IDs are checked
 * for safety (the caller turned validation off).
 */
export function validateCall(op: OperationSpec, pathArgs: readonly unknown[], input: unknown, rules = true): void {
  const issues = new Issues();
  op.pathParams.forEach((p, i) => {
    pathIssues(issues, op.name, p.arg, pathArgs[i], p.enum, rules);
  });
  if (rules) inputIssues(issues, op, input);
  issues.throwIfAny(op.name);
}

function inputIssues(issues: Issues, op: OperationSpec, input: unknown): void {
  if (op.input === 'none') {
    if (input !== undefined) issues.add('input', `is not accepted by ${op.name}`);
    return;
  }
  if (input === undefined || input === null) {
    if (op.inputRequired) issues.add('input', 'is required');
    return;
  }
  if (op.input === 'array') {
    if (!Array.isArray(input)) {
      issues.add('input', `must be an array, got ${typeOf(input)}`);
      return;
    }
    if (input.length === 0) issues.add('input', 'must not be empty');
    const items = op.body?.kind === 'array' ? op.body.items : 'string';
    input.forEach((item, i) => {
      const path = `input[${i}]`;
      if (items === 'string') {
        if (typeof item !== 'string' || item === '') issues.add(path, 'must be a non-empty string');
        // DeleteVmImage joins the IDs with ',' into one query value.
        else if (op.body === undefined && item.includes(',')) issues.add(path, 'must not contain ","');
      } else modelIssues(issues, path, items, item);
    });
    return;
  }
  const schema = op.inputSchema;
  if (!schema) {
    issues.add('input', 'has no schema');
    return;
  }
  const bodyModel = op.body?.kind === 'object' && op.body.model !== schema ? [op.body.model] : [];
  modelIssues(issues, '', schema, input, bodyModel);
}
