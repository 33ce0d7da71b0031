/**
 * The validate step: a call's path IDs (always, for safety) and its input (unless validation is
 * off), every problem collected into one BceValidationError before anything is built or sent.
 * How values and models are checked is in validation/.
 */
import { enumValues } from '../generated/schemas.js';
import type { OperationSpec } from '../internal/operation.js';
import { allowedList, Issues, typeOf } from '../validation/issues.js';
import { inputRules } from '../validation/rules.js';
import { modelIssues, ruleIssues } from '../validation/values.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is rejected
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Letters, digits, `-`, `_`, `.` and `~` only: none of the characters the path checks look for. */
const PLAIN_SEGMENT = /^[A-Za-z0-9\-_.~]+$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

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
  // An ID of the usual characters passes every check below but the last two.
  if (PLAIN_SEGMENT.test(value) && value !== '.' && value !== '..')
    return rules ? segmentRuleIssues(issues, operation, name, value, enumName) : true;
  if (value === '') return issues.add(name, 'must not be empty');
  if (value.trim() === '') return issues.add(name, 'must not be blank');
  if (value === '.' || value === '..') return issues.add(name, 'must not be "." or ".."');
  if (value.includes('/')) return issues.add(name, 'must not contain "/"');
  if (CONTROL.test(value)) return issues.add(name, 'must not contain control characters');
  // A lone surrogate has no UTF-8 form: it would reach the server as U+FFFD, a different ID.
  if (LONE_SURROGATE.test(value)) return issues.add(name, 'must be valid Unicode text');
  if (!rules) return true;
  return segmentRuleIssues(issues, operation, name, value, enumName);
}

/** A path segment's closed enum and documented rule. */
function segmentRuleIssues(
  issues: Issues,
  operation: string,
  name: string,
  value: string,
  enumName: string | undefined,
): boolean {
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

/**
 * Validates everything a call was given, before anything is built or sent, and throws one
 * BceValidationError listing every problem. With `rules: false` only the path IDs are checked
 * for safety (the caller turned validation off).
 */
export function validateCall(op: OperationSpec, pathArgs: readonly unknown[], input: unknown, rules = true): void {
  const issues = new Issues();
  const params = op.pathParams;
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    pathIssues(issues, op.name, p.arg, pathArgs[i], p.enum, rules);
  }
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
