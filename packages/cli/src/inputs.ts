import { readFileSync } from 'node:fs';
import { enumValues, type FieldTuple, modelSchemas, type OperationSpec } from 'bec-sdk/spec';
import { InvalidArgumentError } from 'commander';
import { UsageError } from './errors.js';
import { flagName } from './naming.js';

/** Global option names an input field must not shadow. */
export const RESERVED_FLAGS: ReadonlySet<string> = new Set([
  'endpoint',
  'profile',
  'output',
  'timeout',
  'debug',
  'dry-run',
  'wait',
  'input',
  'all',
  'client-token',
  'help',
  'version',
]);

/** One `--flag` that sets one top-level field of an operation's input. */
export interface InputFlag {
  /** The JSON key of the field (`adminPass`). */
  readonly field: string;
  /** `admin-pass` (or `field-<name>` when the name is taken by a global option). */
  readonly flag: string;
  /** bec-sdk schema type: string, int, int64, float64, bool, any, a model, `array of X`, `map of string to X`. */
  readonly type: string;
  readonly enumName: string | undefined;
}

export function inputFlags(op: OperationSpec): InputFlag[] {
  if (op.input !== 'object' || !op.inputSchema) return [];
  const fields: readonly FieldTuple[] = modelSchemas[op.inputSchema] ?? [];
  return fields.map(([field, type, , enumName]) => {
    const name = flagName(field);
    return { field, flag: RESERVED_FLAGS.has(name) ? `field-${name}` : name, type, enumName };
  });
}

const NUMBER_TYPES = new Set(['int', 'int64', 'float64']);

/** What the flag takes, for help: `<int>`, `<json>`, `[bool]`. */
export function flagValueHint(flag: InputFlag): string {
  if (flag.type === 'bool') return '[bool]';
  if (NUMBER_TYPES.has(flag.type)) return flag.type === 'float64' ? '<number>' : '<int>';
  if (flag.type === 'string') return '<string>';
  if (flag.type === 'array of string') return '<list>';
  return '<json>';
}

export function flagDescription(flag: InputFlag): string {
  const parts = [`${flag.field} (${flag.type})`];
  const values = flag.enumName ? enumValues[flag.enumName] : undefined;
  if (values) parts.push(`one of: ${values.join(', ')}`);
  if (flag.type === 'array of string') parts.push('comma-separated or a JSON array');
  else if (!['string', 'bool'].includes(flag.type) && !NUMBER_TYPES.has(flag.type)) {
    parts.push('JSON, or @file.json');
  }
  return parts.join('; ');
}

/** Reads `@path` values from a file, anything else as given. */
function textOrFile(value: string): string {
  if (!value.startsWith('@')) return value;
  try {
    return readFileSync(value.slice(1), 'utf8');
  } catch (err) {
    throw new InvalidArgumentError(`cannot read ${value.slice(1)}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
}

/**
 * Parses JSON; the error names where the text breaks but never quotes it (the text may hold a
 * password, and newer V8 versions put a piece of the input into their message).
 */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const position = /position (\d+)/.exec((err as Error).message)?.[1];
    const where = position === undefined ? 'it ends early or is empty' : `at character ${Number(position) + 1}`;
    throw new UsageError(`${what} is not valid JSON (${where}; the value is not shown as it may hold secrets)`);
  }
}

/** Converts a flag's text to the field's type; throws InvalidArgumentError (a usage error). */
export function parseFlagValue(flag: InputFlag, raw: string | boolean): unknown {
  if (flag.type === 'bool') {
    if (raw === true) return true;
    const text = String(raw).toLowerCase();
    if (['true', '1', 'yes'].includes(text)) return true;
    if (['false', '0', 'no'].includes(text)) return false;
    throw new InvalidArgumentError('must be true or false');
  }
  const text = String(raw);
  if (NUMBER_TYPES.has(flag.type)) {
    const n = text.trim() === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(n)) throw new InvalidArgumentError('must be a number');
    if (flag.type !== 'float64' && !Number.isInteger(n)) throw new InvalidArgumentError('must be an integer');
    return n;
  }
  if (flag.type === 'string') return text;
  if (flag.type === 'array of string') {
    const value = textOrFile(text);
    if (value.trimStart().startsWith('[')) return parseJson(value, `--${flag.flag}`);
    return value === '' ? [] : value.split(',').map((s) => s.trim());
  }
  return parseJson(textOrFile(text), `--${flag.flag}`);
}

/** Items of a bare-array input from positional arguments: strings as given, objects as JSON. */
export function parseArrayItems(op: OperationSpec, items: readonly string[]): unknown[] {
  const itemType = arrayItemType(op);
  if (itemType === 'string') return [...items];
  return items.map((item, i) => parseJson(textOrFile(item), `item ${i + 1}`));
}

/** The element type of a bare-array input (`string`, `Port`). */
export function arrayItemType(op: OperationSpec): string {
  return op.body?.kind === 'array' ? op.body.items : 'string';
}
