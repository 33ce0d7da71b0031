import { BceValidationError } from 'bec-sdk';
import { checkModel, enumValues, modelSchemas, type OperationSpec } from 'bec-sdk/spec';
import { arrayItemType, type InputFlag, inputFlags } from './inputs.js';
import { flagName } from './naming.js';
import { isSecretField } from './secrets.js';

/**
 * Command help derived from bec-sdk's operation table and model schemas (so it cannot drift from
 * what the SDK sends and checks): required fields, the JSON shape of structured options, enum
 * values, an example, and the `--skeleton` input template.
 */

const ARRAY = 'array of ';
const MAP = 'map of string to ';
const SCALARS = new Set(['string', 'int', 'int64', 'float64', 'bool', 'any']);

/** Fields of a model that the SDK's validation requires (it is asked with an empty object). */
export function requiredFields(model: string): ReadonlySet<string> {
  try {
    checkModel('help', '', model, {});
  } catch (err) {
    if (err instanceof BceValidationError) {
      return new Set(
        err.issues.filter((i) => i.rule === 'is required').map((i) => i.field.replace(/^\./, '').split(/[.[]/)[0]!),
      );
    }
  }
  return new Set();
}

function enumText(enumName: string | undefined): string | undefined {
  const values = enumName ? enumValues[enumName] : undefined;
  return values?.length ? values.map((v) => JSON.stringify(v)).join('|') : undefined;
}

/** A type as a JSON shape: `string`, `"A"|"B"`, `[{"name": string}]`, `{...}` past `depth`. */
export function shapeOf(type: string, enumName?: string, depth = 0): string {
  if (type.startsWith(ARRAY)) return `[${shapeOf(type.slice(ARRAY.length), enumName, depth)}]`;
  if (type.startsWith(MAP)) return `{string: ${shapeOf(type.slice(MAP.length), enumName, depth)}}`;
  if (SCALARS.has(type)) return enumText(enumName) ?? (type === 'any' ? 'any JSON' : type);
  const fields = modelSchemas[type];
  if (!fields) return type;
  if (depth >= 2) return `{…${type}}`;
  const required = requiredFields(type);
  const parts = fields.map(([field, t, , e]) => {
    const marks = [required.has(field) ? 'required' : '', isSecretField(field) ? 'secret' : ''].filter(Boolean);
    return `"${field}": ${shapeOf(t, e, depth + 1)}${marks.length ? ` (${marks.join(', ')})` : ''}`;
  });
  return `{${parts.join(', ')}}`;
}

/** A value to fill in: "" for strings (or the first enum value), 0, false, one array element. */
export function skeletonOf(type: string, enumName?: string, depth = 0): unknown {
  if (type.startsWith(ARRAY)) return [skeletonOf(type.slice(ARRAY.length), enumName, depth)];
  if (type.startsWith(MAP)) return {};
  if (type === 'string') return enumValues[enumName ?? '']?.[0] ?? '';
  if (type === 'bool') return false;
  if (type === 'any') return null;
  if (SCALARS.has(type)) return 0;
  const fields = modelSchemas[type];
  if (!fields || depth > 4) return {};
  return Object.fromEntries(fields.map(([field, t, , e]) => [field, skeletonOf(t, e, depth + 1)]));
}

/** The input template of an operation, for `--skeleton`. */
export function operationSkeleton(op: OperationSpec): unknown {
  if (op.input === 'array') {
    const item = arrayItemType(op);
    return [item === 'string' ? '' : skeletonOf(item)];
  }
  return op.inputSchema ? skeletonOf(op.inputSchema) : {};
}

function isStructured(flag: InputFlag): boolean {
  return !SCALARS.has(flag.type) && flag.type !== 'array of string';
}

function sampleValue(flag: InputFlag): string {
  const first = flag.enumName ? enumValues[flag.enumName]?.[0] : undefined;
  if (first) return first;
  if (flag.type === 'bool') return 'true';
  if (['int', 'int64', 'float64'].includes(flag.type)) return '1';
  return `<${flag.flag}>`;
}

/** One example command line (two when the input is best written as a file). */
export function exampleFor(command: string, op: OperationSpec, pathChoices: ReadonlyMap<string, string>): string[] {
  const args = op.pathParams.map((p) => pathChoices.get(p.arg) ?? `<${flagName(p.arg)}>`);
  const base = `${command}${args.length ? ` ${args.join(' ')}` : ''}`;
  if (op.input === 'array') return [`${base} ${arrayItemType(op) === 'string' ? '<id-1> <id-2>' : "'<JSON item>'"}`];
  const flags = inputFlags(op);
  const required = op.inputSchema ? requiredFields(op.inputSchema) : new Set<string>();
  const structured = flags.some((f) => isStructured(f) && !required.has(f.field));
  if (op.inputRequired && (structured || flags.length > 6)) {
    return [`${command} --skeleton > input.json   # fill in input.json, then:`, `${base} --input input.json`];
  }
  const given = flags.filter((f) => required.has(f.field)).map((f) => `--${f.flag} ${sampleValue(f)}`);
  return [[base, ...given].join(' ')];
}

/** The text after the options in `bec <group> <action> --help`. */
export function operationHelpAfter(
  command: string,
  op: OperationSpec,
  pathChoices: ReadonlyMap<string, string>,
): string {
  const lines: string[] = [];
  const structured = inputFlags(op).filter(isStructured);
  if (structured.length > 0) {
    lines.push('', 'JSON shapes (give JSON, or @file.json):');
    for (const flag of structured) lines.push(`  --${flag.flag}  ${shapeOf(flag.type, flag.enumName)}`);
  }
  if (op.input === 'array' && arrayItemType(op) !== 'string') {
    lines.push('', `Each item: ${shapeOf(arrayItemType(op))}`);
  }
  lines.push('', 'Example:', ...exampleFor(command, op, pathChoices).map((l) => `  ${l}`));
  return `${lines.join('\n')}\n`;
}
