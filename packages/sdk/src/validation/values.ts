/**
 * Checking values against the schema types, the models (planned once per model: field types,
 * required fields, rules, closed enums, cross-field checks) and the documented rules.
 */
import { enumValues, modelSchemas } from '../generated/schemas.js';
import { elementType, isArrayType, isMapType, mapValueType, NULLABLE, OMITEMPTY, POINTER } from '../internal/schema.js';
import { allowedList, Issues, typeOf } from './issues.js';
import { type CrossFieldCheck, type FieldRule, inputRules } from './rules.js';

/** Length in code points (what `[...value].length` counts), without building the array. */
function codePointLength(value: string): number {
  let length = value.length;
  for (let i = 0; i < value.length - 1; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}

function ruleFailed(issues: Issues, path: string, rule: FieldRule): false {
  return issues.add(path, `must be ${rule.rule}`);
}

/** Checks a value against a documented rule (ranges, lengths, patterns, closed lists). */
export function ruleIssues(issues: Issues, path: string, value: unknown, rule: FieldRule): boolean {
  if (typeof value === 'number') {
    const inRange = (rule.min === undefined || value >= rule.min) && (rule.max === undefined || value <= rule.max);
    if (!inRange && !rule.allow?.includes(value)) return ruleFailed(issues, path, rule);
  } else if (typeof value === 'string') {
    if (rule.minLength !== undefined || rule.maxLength !== undefined) {
      const length = codePointLength(value);
      if (rule.minLength !== undefined && length < rule.minLength) return ruleFailed(issues, path, rule);
      if (rule.maxLength !== undefined && length > rule.maxLength) return ruleFailed(issues, path, rule);
    }
    if (rule.pattern && !rule.pattern.test(value)) return ruleFailed(issues, path, rule);
    if (rule.oneOf && !rule.oneOf.includes(value)) return ruleFailed(issues, path, rule);
  } else if (Array.isArray(value)) {
    if (rule.minItems !== undefined && value.length < rule.minItems) return ruleFailed(issues, path, rule);
    if (rule.maxItems !== undefined && value.length > rule.maxItems) return ruleFailed(issues, path, rule);
    if (rule.each) {
      let ok = true;
      // Holes are skipped, as forEach skips them.
      for (let i = 0, n = value.length; i < n; i++) {
        if (i in value) ok = ruleIssues(issues, `${path}[${i}]`, value[i], rule.each) && ok;
      }
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

/** A schema type, parsed once (see {@link typeNode}). */
type TypeNode =
  | { readonly kind: 'string' | 'int' | 'float64' | 'bool' | 'any' }
  | { readonly kind: 'array' | 'map'; readonly item: TypeNode }
  | { readonly kind: 'model'; readonly model: string; plan?: ModelPlan | undefined };

const typeNodes = new Map<string, TypeNode>();

function typeNode(type: string): TypeNode {
  let node = typeNodes.get(type);
  if (node !== undefined) return node;
  switch (type) {
    case 'string':
    case 'bool':
    case 'any':
    case 'float64':
      node = { kind: type };
      break;
    case 'int':
    case 'int64':
      node = { kind: 'int' };
      break;
    default:
      if (isArrayType(type)) node = { kind: 'array', item: typeNode(elementType(type)) };
      else if (isMapType(type)) node = { kind: 'map', item: typeNode(mapValueType(type)) };
      else node = { kind: 'model', model: type };
  }
  typeNodes.set(type, node);
  return node;
}

/** The values of a closed enum, or undefined when any value goes. */
function closedValues(enumName: string | undefined): readonly string[] | undefined {
  return enumName && inputRules.closedEnums.has(enumName) ? (enumValues[enumName] ?? []) : undefined;
}

function expected(issues: Issues, path: string, what: string, value: unknown): false {
  return issues.add(path, `must be ${what}, got ${typeOf(value)}`);
}

function nodeIssues(
  issues: Issues,
  path: string,
  node: TypeNode,
  value: unknown,
  allowed: readonly string[] | undefined,
): boolean {
  switch (node.kind) {
    case 'string':
      if (typeof value !== 'string') return expected(issues, path, 'a string', value);
      if (allowed && !allowed.includes(value)) return issues.add(path, `must be one of ${allowedList(allowed)}`);
      return true;
    case 'int':
      return Number.isSafeInteger(value) ? true : expected(issues, path, 'an integer', value);
    case 'float64':
      return typeof value === 'number' && Number.isFinite(value)
        ? true
        : expected(issues, path, 'a finite number', value);
    case 'bool':
      return typeof value === 'boolean' ? true : expected(issues, path, 'a boolean', value);
    case 'any':
      return true;
    case 'array': {
      if (!Array.isArray(value)) return expected(issues, path, 'an array', value);
      let ok = true;
      // Holes are skipped, as forEach skips them.
      for (let i = 0, n = value.length; i < n; i++) {
        if (i in value) ok = nodeIssues(issues, `${path}[${i}]`, node.item, value[i], undefined) && ok;
      }
      return ok;
    }
    case 'map': {
      if (!isPlainObject(value)) return expected(issues, path, 'an object', value);
      let ok = true;
      for (const [k, v] of Object.entries(value))
        ok = nodeIssues(issues, `${path}.${k}`, node.item, v, undefined) && ok;
      return ok;
    }
    case 'model':
      if (!modelSchemas[node.model]) return modelIssues(issues, path, node.model, value);
      node.plan ??= modelPlan(node.model, []);
      return planIssues(issues, path, node.plan, value);
  }
}

/** Checks a value against a schema type (`string`, `int`, `array of X`, a model name, ...). */
export function typeIssues(issues: Issues, path: string, type: string, value: unknown, enumName?: string): boolean {
  return nodeIssues(issues, path, typeNode(type), value, closedValues(enumName));
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

/** One field of a model as checked: everything that does not depend on the value, worked out once. */
interface FieldPlan {
  readonly json: string;
  readonly node: TypeNode;
  readonly flags: number;
  readonly allowed: readonly string[] | undefined;
  readonly required: boolean;
  readonly rule: FieldRule | undefined;
  /** A null here is an issue (not a pointer, nullable, array, map or any). */
  readonly nullIsIssue: boolean;
  readonly isMap: boolean;
}

/** A model with the rules of its rule models: built on first use, then shared by every call. */
interface ModelPlan {
  readonly model: string;
  readonly fields: readonly FieldPlan[];
  readonly known: ReadonlySet<string>;
  readonly crossField: readonly CrossFieldCheck[];
}

const modelPlans = new Map<string, ModelPlan>();

function ruleFor(models: readonly string[], field: string): FieldRule | undefined {
  for (const model of models) {
    const rule = inputRules.fieldRules[`${model}.${field}`];
    if (rule) return rule;
  }
  return inputRules.fieldRules[field];
}

/** The plan of a model that has a schema. */
function modelPlan(model: string, ruleModels: readonly string[]): ModelPlan {
  const key = ruleModels.length === 0 ? model : [model, ...ruleModels].join('\u0000');
  let plan = modelPlans.get(key);
  if (plan !== undefined) return plan;
  const schema = modelSchemas[model]!;
  const names = [model, ...ruleModels];
  const required = new Set(names.flatMap((n) => inputRules.requiredFields[n] ?? []));
  plan = {
    model,
    fields: schema.map(([json, type, flags, enumName]) => ({
      json,
      node: typeNode(type),
      flags,
      allowed: closedValues(enumName),
      required: required.has(json),
      rule: ruleFor(names, json),
      nullIsIssue: !(flags & (POINTER | NULLABLE)) && !isArrayType(type) && !isMapType(type) && type !== 'any',
      isMap: isMapType(type),
    })),
    known: new Set(schema.map((f) => f[0])),
    crossField: names.flatMap((n) => inputRules.crossField[n] ?? []),
  };
  modelPlans.set(key, plan);
  return plan;
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
  if (!modelSchemas[model]) return issues.add(path || 'input', `has no schema ${model}`);
  return planIssues(issues, path, modelPlan(model, ruleModels), value);
}

function planIssues(issues: Issues, path: string, plan: ModelPlan, value: unknown): boolean {
  const { model } = plan;
  if (!isPlainObject(value)) return issues.add(path || 'input', `must be an object (${model}), got ${typeOf(value)}`);
  const before = issues.list.length;
  const record = value;
  const prefix = path ? `${path}.` : '';
  // for...in with the own-property check: the keys Object.keys gives, in its order, without the array.
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    if (record[key] !== undefined && !plan.known.has(key)) {
      issues.add(`${prefix}${key}`, `is not a field of ${model}`);
    }
  }
  for (const field of plan.fields) {
    const { json, flags } = field;
    const v = record[json];
    if (v === undefined || v === null) {
      if (field.required) issues.add(`${prefix}${json}`, 'is required');
      else if (v === null && field.nullIsIssue) issues.add(`${prefix}${json}`, 'must not be null');
      continue;
    }
    const fieldPath = prefix === '' ? json : `${prefix}${json}`;
    // Go omits empty omitempty values, so 0, false, "" and [] there mean "not sent".
    const unsent =
      v === '' ||
      (Array.isArray(v) && v.length === 0) ||
      (flags & OMITEMPTY &&
        (v === 0 || v === false || (field.isMap && isPlainObject(v) && Object.keys(v).length === 0)));
    if (!nodeIssues(issues, fieldPath, field.node, v, field.allowed)) continue;
    const rule = field.rule;
    if (unsent) {
      // Present but empty: say the rule it breaks, not "is required".
      if (field.required) issues.add(fieldPath, emptyRule(v, rule));
      continue;
    }
    if (rule) ruleIssues(issues, fieldPath, v, rule);
  }
  if (issues.list.length > before) return false;
  for (const check of plan.crossField) {
    const problem = check(record);
    if (problem) issues.add(`${prefix}${problem.field}`, problem.rule);
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
