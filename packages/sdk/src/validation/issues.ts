/**
 * The issues of one call's input, collected so that one error lists them all, and how a value
 * is described in them (its type, never its content).
 */
import { BceValidationError, type ValidationIssue } from '../core/errors.js';

/** Describes a value's type for an error message, never its content (it may be a password). */
export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'number' && !Number.isInteger(value)) return 'a fractional number';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function allowedList(values: readonly string[]): string {
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
