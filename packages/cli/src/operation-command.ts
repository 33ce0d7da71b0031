import { readFile } from 'node:fs/promises';
import { isPaginatedOperation, type OperationSpec } from 'bec-sdk/spec';
import { Argument, type Command, Option } from 'commander';
import { UsageError } from './errors.js';
import { operationHelpAfter, operationSkeleton, requiredFields } from './help.js';
import {
  arrayItemType,
  flagDescription,
  flagValueHint,
  type InputFlag,
  inputFlags,
  parseArrayItems,
  parseFlagValue,
  parseJson,
} from './inputs.js';
import type { CliIo } from './io.js';
import { type CommandEntry, flagName } from './naming.js';
import { formatJson } from './output.js';
import { type GlobalOptions, runOperation } from './run.js';
import { inlineSecrets, isSecretField, resolveSecret, resolveSecretReferences, secretSource } from './secrets.js';
import { WAIT_RULES } from './waits.js';

function operationHelp(op: OperationSpec): string {
  const doc = op.doc.charAt(0).toUpperCase() + op.doc.slice(1);
  const lines = [`${doc}.`, '', `Go SDK: ${op.name}   HTTP: ${op.method} ${op.path}`];
  if (op.input === 'object') {
    lines.push(
      'Input: one --flag per field, or --input file.json / --input - (stdin); flags override file fields.',
      '`--skeleton` prints a JSON template of the input to fill in.',
    );
  }
  if (op.input === 'array')
    lines.push('Input: the items as arguments, or --input file.json / --input - (a JSON array).');
  return lines.join('\n');
}

function enumChoices(enumName: string): string[] | undefined {
  switch (enumName) {
    case 'ServiceAction':
    case 'VmServiceAction':
      return ['start', 'stop'];
    case 'VmInstanceBatchOperateAction':
      return ['start', 'stop', 'restart'];
    default:
      return undefined;
  }
}

const isSecretFlag = (flag: InputFlag): boolean => flag.type === 'string' && isSecretField(flag.field);

/** Adds `bec <group> <action>` for one operation: its arguments, flags, help and action. */
export function addOperationCommand(group: Command, entry: CommandEntry, io: CliIo): void {
  const op = entry.operation;
  const flags = inputFlags(op);
  const required = op.inputSchema ? requiredFields(op.inputSchema) : new Set<string>();
  const cmd = group.command(entry.action).summary(`${op.doc} (${op.name})`).description(operationHelp(op));
  const pathChoices = new Map<string, string>();
  for (const p of op.pathParams) {
    const arg = new Argument(`<${flagName(p.arg)}>`, `the {${p.name}} path segment`);
    const values = p.enum ? enumChoices(p.enum) : undefined;
    if (values) {
      arg.choices(values);
      pathChoices.set(p.arg, values[0]!);
    }
    cmd.addArgument(arg);
  }
  if (op.input === 'array') {
    const itemType = arrayItemType(op);
    cmd.argument(
      itemType === 'string' ? '[ids...]' : '[items...]',
      itemType === 'string' ? 'the IDs' : `the items, each a JSON ${itemType} object`,
    );
  }
  const attributes = new Map<InputFlag, string>();
  const inline = new Set<string>();
  for (const flag of flags) {
    const mark = required.has(flag.field) ? '(required) ' : '';
    let option: Option;
    if (isSecretFlag(flag)) {
      option = new Option(
        `--${flag.flag} [value]`,
        `${mark}${flag.field} (secret): alone to be prompted (no echo) or read from stdin, - for stdin, env:NAME for a variable`,
      );
    } else {
      option = new Option(`--${flag.flag} ${flagValueHint(flag)}`, `${mark}${flagDescription(flag)}`).argParser((v) => {
        const value = parseFlagValue(flag, v);
        if (!String(v).startsWith('@') && inlineSecrets(value).length > 0) inline.add(flag.flag);
        return value;
      });
    }
    cmd.addOption(option);
    attributes.set(flag, option.attributeName());
  }
  if (op.input !== 'none') {
    cmd.option('--input <file>', 'read the input from a JSON file, or - for stdin');
    cmd.option('--skeleton', 'print a JSON template of the input (for --input) and exit');
  }
  if (op.clientToken) cmd.option('--client-token <token>', 'idempotency token (generated when not given)');
  if (op.name in WAIT_RULES) cmd.option('--wait', 'wait until the work this starts has finished (progress on stderr)');
  if (isPaginatedOperation(op.name)) cmd.option('--all', 'fetch every page and print all items');
  cmd.addHelpText('after', operationHelpAfter(`bec ${entry.group} ${entry.action}`, op, pathChoices));

  cmd.action(async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const local = command.opts<Record<string, unknown>>();
    if (local.skeleton === true) {
      io.stdout(formatJson(operationSkeleton(op)));
      return;
    }
    for (const name of inline) {
      io.stderr(
        `bec: warning: --${name} holds a password on the command line, where shell history and the process list ` +
          `can see it; write "env:NAME" (a variable) or "-" (stdin) in its place, or use --${name} @file.json\n`,
      );
    }
    const g = command.optsWithGlobals<GlobalOptions>();
    const positional = command.processedArgs as unknown[];
    const path = Object.fromEntries(op.pathParams.map((p, i) => [p.arg, String(positional[i])]));
    const input = await buildInput(op, flags, attributes, local, positional[op.pathParams.length], io);
    await runOperation(op, path, input, local, g, io);
  });
}

async function readInputFile(file: string, io: CliIo): Promise<unknown> {
  let text: string;
  try {
    text = file === '-' ? await io.readStdin() : await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --input ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return parseJson(text, `--input ${file}`);
}

async function buildInput(
  op: OperationSpec,
  flags: readonly InputFlag[],
  attributes: ReadonlyMap<InputFlag, string>,
  local: Record<string, unknown>,
  items: unknown,
  io: CliIo,
): Promise<unknown> {
  const file = local.input as string | undefined;
  const fromFile = file === undefined ? undefined : await readInputFile(file, io);
  if (op.input === 'object') {
    if (fromFile !== undefined && (fromFile === null || typeof fromFile !== 'object' || Array.isArray(fromFile))) {
      throw new UsageError(`--input must hold a JSON object for ${op.name}`);
    }
    const merged: Record<string, unknown> = { ...(fromFile as Record<string, unknown> | undefined) };
    for (const flag of flags) {
      let value = local[attributes.get(flag)!];
      if (value === undefined) continue;
      if (isSecretFlag(flag)) {
        const source = secretSource(value as string | boolean);
        if ((source.kind === 'stdin' || source.kind === 'ask') && file === '-') {
          throw new UsageError(`--${flag.flag} and --input - cannot both read stdin; use env:NAME or a file`);
        }
        value = await resolveSecret(flag.flag, source, io);
      }
      merged[flag.field] = value;
    }
    await resolveSecretReferences(merged, io);
    return Object.keys(merged).length > 0 || op.inputRequired ? merged : undefined;
  }
  if (op.input === 'array') {
    const given = Array.isArray(items) ? (items as string[]) : [];
    if (given.length > 0) return parseArrayItems(op, given);
    if (fromFile === undefined) throw new UsageError(`${op.name} needs at least one item (arguments or --input)`);
    if (!Array.isArray(fromFile)) throw new UsageError(`--input must hold a JSON array for ${op.name}`);
    return fromFile;
  }
  return undefined;
}
