import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import {
  BceClientError,
  BceCredentialsError,
  BceError,
  BceServiceError,
  BceValidationError,
  BceWaiterError,
  BecClient,
  type BecClientOptions,
  type Credentials,
  type CredentialsProvider,
  cachedProvider,
  defaultProvider,
  type Logger,
  type OperationSpec,
  operations,
  paginatorSpecs,
  type RequestOptions,
  SDK_VERSION,
} from 'bec-sdk';
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CaptureTransport, formatHttp } from './dry-run.js';
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
import { buildCommandTable, type CommandEntry, flagName } from './naming.js';
import { formatJson, formatTable, itemsTable, type OutputFormat, renderTable } from './output.js';
import { WAIT_RULES, waitPlan } from './waits.js';

/**
 * Exit codes of `bec`:
 * 0 success; 1 unexpected internal error; 2 usage error (unknown command or option, bad flag
 * value, unreadable --input); 3 client error (BceClientError: validation, credentials, network,
 * timeout, abort, or a --wait that timed out); 4 service error (BceServiceError: BEC answered
 * with an error status, or a --wait saw the resource fail or disappear).
 */
export const EXIT = { ok: 0, internal: 1, usage: 2, client: 3, service: 4 } as const;

/** Where the CLI reads and writes; the real process by default, replaceable in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readStdin(): Promise<string>;
}

export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

const GROUP_DESCRIPTIONS: Readonly<Record<string, string>> = {
  containerService: 'container (pod-based) services',
  metrics: 'monitoring series of container services, deployments, pods, VM services, VM instances and BLBs',
  deployment: 'container deployments',
  pod: 'pods of container services',
  vmService: 'VM services (groups of VM instances)',
  vmInstance: 'VM instances',
  blb: 'classic BEC load balancers',
  blbListener: 'listeners (monitor ports) of classic load balancers',
  blbBinding: 'backends bound to classic load balancers',
  vmImage: 'custom VM images',
  node: 'available edge nodes',
  deploySet: 'deployment sets',
  appBlb: 'application load balancers',
  appBlbListener: 'TCP/UDP listeners of application load balancers',
  ipGroup: 'IP groups of application load balancers',
  ipGroupPolicy: 'backend (health-check) policies of IP groups',
  ipGroupMember: 'members of IP groups',
  listenerPolicy: 'listener policies of application load balancers',
  vpc: 'VPCs',
  subnet: 'subnets',
  route: 'route tables and route rules',
};

interface GlobalOptions {
  endpoint?: string;
  profile?: string;
  output?: OutputFormat;
  timeout?: number;
  debug?: boolean;
  dryRun?: boolean;
}

/** `30s`, `1500ms`, `2m`, or a number of seconds -> milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new InvalidArgumentError('must be a duration such as 30s, 1500ms or 2m');
  const scale = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  const ms = Math.round(Number(m[1]) * scale);
  if (ms <= 0) throw new InvalidArgumentError('must be more than zero');
  return ms;
}

/** Every operation's command, grouped: the single source for the command tree and `bec commands`. */
export const commandTable: ReadonlyMap<string, readonly CommandEntry[]> = buildCommandTable(operations);

function packageVersion(): string {
  try {
    return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

function stderrLogger(io: CliIo): Logger {
  const line =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void =>
      io.stderr(`bec-sdk ${level}: ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}\n`);
  return { trace: line('trace'), debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

const PLACEHOLDER_CREDENTIALS: Credentials = {
  accessKeyId: 'dry-run-access-key-id',
  secretAccessKey: 'dry-run-secret-access-key',
};

function makeClient(g: GlobalOptions, io: CliIo, capture: CaptureTransport | undefined): BecClient {
  const chain = cachedProvider(defaultProvider({ profile: g.profile }));
  let credentials: CredentialsProvider = chain;
  if (capture) {
    // A dry run shows what would be signed; without credentials it still shows the request.
    credentials = async () => {
      try {
        return await chain();
      } catch (err) {
        if (!(err instanceof BceCredentialsError)) throw err;
        io.stderr('bec: no credentials found; the dry run is signed with placeholder keys\n');
        return PLACEHOLDER_CREDENTIALS;
      }
    };
  }
  const options: BecClientOptions = {
    credentials,
    ...(g.endpoint ? { endpoint: g.endpoint } : {}),
    ...(g.debug ? { logger: stderrLogger(io), logLevel: 'trace' as const } : {}),
    ...(capture ? { transport: capture, maxRetries: 0 } : {}),
  };
  return new BecClient(options);
}

function outputFormat(g: GlobalOptions, io: CliIo): OutputFormat {
  return g.output ?? (io.stdoutIsTTY ? 'table' : 'json');
}

function operationHelp(op: OperationSpec): string {
  const doc = op.doc.charAt(0).toUpperCase() + op.doc.slice(1);
  const lines = [`${doc}.`, '', `Go SDK: ${op.name}   HTTP: ${op.method} ${op.path}`];
  if (op.input === 'object') {
    lines.push('Input: one --flag per field, or --input file.json / --input - (stdin); flags override file fields.');
  }
  if (op.input === 'array')
    lines.push('Input: the items as arguments, or --input file.json / --input - (a JSON array).');
  return lines.join('\n');
}

function addOperationCommand(group: Command, entry: CommandEntry, io: CliIo): void {
  const op = entry.operation;
  const flags = inputFlags(op);
  const cmd = group.command(entry.action).summary(`${op.doc} (${op.name})`).description(operationHelp(op));
  for (const p of op.pathParams) {
    const arg = new Argument(`<${flagName(p.arg)}>`, `the {${p.name}} path segment`);
    const values = p.enum ? enumChoices(p.enum) : undefined;
    if (values) arg.choices(values);
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
  for (const flag of flags) {
    const option = new Option(`--${flag.flag} ${flagValueHint(flag)}`, flagDescription(flag)).argParser((v) =>
      parseFlagValue(flag, v),
    );
    cmd.addOption(option);
    attributes.set(flag, option.attributeName());
  }
  if (op.input !== 'none') cmd.option('--input <file>', 'read the input from a JSON file, or - for stdin');
  if (op.clientToken) cmd.option('--client-token <token>', 'idempotency token (generated when not given)');
  if (op.name in WAIT_RULES) cmd.option('--wait', 'wait until the work this starts has finished');
  if (op.name in paginatorSpecs) cmd.option('--all', 'fetch every page and print all items');

  cmd.action(async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const local = command.opts<Record<string, unknown>>();
    const g = command.optsWithGlobals<GlobalOptions>();
    const positional = command.processedArgs as unknown[];
    const pathArgs = positional.slice(0, op.pathParams.length) as string[];
    const input = await buildInput(op, flags, attributes, local, positional[op.pathParams.length], command, io);
    await runOperation(op, pathArgs, input, local, g, io);
  });
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

async function buildInput(
  op: OperationSpec,
  flags: readonly InputFlag[],
  attributes: ReadonlyMap<InputFlag, string>,
  local: Record<string, unknown>,
  items: unknown,
  command: Command,
  io: CliIo,
): Promise<unknown> {
  const usage = (message: string): never => command.error(`error: ${message}`, { exitCode: EXIT.usage });
  let fromFile: unknown;
  const file = local.input as string | undefined;
  if (file !== undefined) {
    let text: string;
    try {
      text = file === '-' ? await io.readStdin() : await readFile(file, 'utf8');
    } catch (err) {
      return usage(`cannot read --input ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    try {
      fromFile = parseJson(text, `--input ${file}`);
    } catch (err) {
      return usage((err as Error).message);
    }
  }
  if (op.input === 'object') {
    if (fromFile !== undefined && (fromFile === null || typeof fromFile !== 'object' || Array.isArray(fromFile))) {
      return usage(`--input must hold a JSON object for ${op.name}`);
    }
    const merged: Record<string, unknown> = { ...(fromFile as Record<string, unknown> | undefined) };
    for (const flag of flags) {
      const value = local[attributes.get(flag)!];
      if (value !== undefined) merged[flag.field] = value;
    }
    return Object.keys(merged).length > 0 || op.inputRequired ? merged : undefined;
  }
  if (op.input === 'array') {
    const given = Array.isArray(items) ? (items as string[]) : [];
    if (given.length > 0) {
      try {
        return parseArrayItems(op, given);
      } catch (err) {
        return usage((err as Error).message);
      }
    }
    if (fromFile === undefined) return usage(`${op.name} needs at least one item (arguments or --input)`);
    if (!Array.isArray(fromFile)) return usage(`--input must hold a JSON array for ${op.name}`);
    return fromFile;
  }
  return undefined;
}

type OperationMethod = (...args: unknown[]) => Promise<unknown>;

async function runOperation(
  op: OperationSpec,
  pathArgs: readonly string[],
  input: unknown,
  local: Record<string, unknown>,
  g: GlobalOptions,
  io: CliIo,
): Promise<void> {
  const capture = g.dryRun ? new CaptureTransport() : undefined;
  const client = makeClient(g, io, capture);
  const format = outputFormat(g, io);
  const requestOptions: RequestOptions = {
    ...(g.timeout !== undefined ? { deadlineMs: g.timeout } : {}),
    ...(typeof local.clientToken === 'string' ? { clientToken: local.clientToken } : {}),
  };
  try {
    let result: unknown;
    let items: unknown[] | undefined;
    if (local.all === true) {
      items = [];
      const pages = client.paginateOperation(
        op.name as keyof typeof paginatorSpecs,
        pathArgs,
        input as object,
        requestOptions,
      );
      for await (const item of pages) items.push(item);
    } else {
      const method = (client as unknown as Record<string, OperationMethod>)[op.clientMethod]!;
      const args: unknown[] = [...pathArgs];
      if (op.input !== 'none') args.push(input);
      args.push(requestOptions);
      result = await method.apply(client, args);
    }

    if (capture) {
      const shown = capture.captured;
      if (format === 'json') io.stdout(formatJson(shown.length === 1 ? shown[0] : shown));
      else io.stdout(shown.map(formatHttp).join('\n'));
      if (local.wait === true) io.stderr('bec: --wait skipped: nothing was sent (--dry-run)\n');
      return;
    }

    if (local.wait === true) await waitFor(client, op, { pathArgs, input, result }, g, io);

    if (items) io.stdout(format === 'json' ? formatJson(items) : itemsTable(items));
    else io.stdout(format === 'json' ? formatJson(result) : formatTable(op.name, result));
  } finally {
    client.close();
  }
}

async function waitFor(
  client: BecClient,
  op: OperationSpec,
  ctx: { pathArgs: readonly string[]; input: unknown; result: unknown },
  g: GlobalOptions,
  io: CliIo,
): Promise<void> {
  const plan = waitPlan(op.name, ctx);
  if (!plan) {
    io.stderr(`bec: --wait: ${op.name} with these arguments starts nothing to wait for\n`);
    return;
  }
  for (const id of plan.ids) {
    let lastShown: string | undefined;
    await client.waitUntil(plan.waiter, id, {
      ...(g.timeout !== undefined ? { maxWaitMs: g.timeout } : {}),
      onProgress: (status, resource, elapsedMs) => {
        const shown = progressText(status, resource);
        if (!io.stderrIsTTY || shown === lastShown) return;
        lastShown = shown;
        io.stderr(`  ${id}: ${shown} (${(elapsedMs / 1000).toFixed(1)} s)\n`);
      },
    });
    if (io.stderrIsTTY) io.stderr(`  ${id}: done (${plan.waiter})\n`);
  }
}

/** A waiter poll in words: the status, and for services how many instances or pods run. */
function progressText(status: string | undefined, resource: unknown): string {
  if (status === undefined && resource === undefined) return 'gone';
  const r = (resource ?? {}) as Record<string, unknown>;
  for (const [running, total, what] of [
    ['runningInstances', 'totalInstances', 'instances'],
    ['runningPods', 'totalPods', 'pods'],
  ] as const) {
    if (typeof r[running] === 'number' && typeof r[total] === 'number') {
      return `${status ?? '-'}, ${r[running]}/${r[total]} ${what} running`;
    }
  }
  return status ?? '-';
}

/** Prints an error the way every command does and returns the exit code. */
export function reportError(err: unknown, io: CliIo): number {
  if (err instanceof BceServiceError) {
    io.stderr(`bec: error: ${err.code}: ${err.serviceMessage}\n`);
    io.stderr(`  status: ${err.statusCode}\n  code: ${err.code}\n  request id: ${err.requestId ?? '-'}\n`);
    if (err.outcomeUnknown) io.stderr('  the outcome is unknown: check the resource before trying again\n');
    return EXIT.service;
  }
  if (err instanceof BceWaiterError) {
    io.stderr(`bec: error: ${err.name} (${err.reason}): ${err.message}\n`);
    io.stderr(`  code: ${err.reason}\n  request id: ${err.requestId ?? '-'}\n`);
    return err.reason === 'timeout' ? EXIT.client : EXIT.service;
  }
  if (err instanceof BceClientError) {
    io.stderr(`bec: error: ${err.name}: ${err.message}\n`);
    const code = err instanceof BceValidationError ? 'ValidationError' : ((err as { code?: string }).code ?? err.name);
    io.stderr(`  code: ${code}\n  request id: ${err.requestId ?? '-'}\n`);
    return EXIT.client;
  }
  if (err instanceof BceError) {
    io.stderr(`bec: error: ${err.name}: ${err.message}\n`);
    return EXIT.client;
  }
  io.stderr(`bec: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return EXIT.internal;
}

/** The whole command tree: global options, one command per operation, `commands`, `emulator`, `demo`. */
export function createProgram(io: CliIo): Command {
  const program = new Command('bec')
    .description(
      'Every Baidu AI Cloud BEC (Baidu Edge Computing) operation from the shell, a local emulator and a demo.\n' +
        'Credentials: BCE_ACCESS_KEY_ID / BCE_SECRET_ACCESS_KEY (/ BCE_SECURITY_TOKEN), else ~/.bce/config.json.\n' +
        'Endpoint: --endpoint, else BEC_ENDPOINT, else https://bec.baidubce.com.\n' +
        'Exit codes: 0 ok, 2 usage error, 3 client error (validation, credentials, network, timeout), 4 service error.',
    )
    .version(`bec ${packageVersion()} (bec-sdk ${SDK_VERSION})`, '-V, --version')
    .option('--endpoint <url>', 'BEC endpoint (default: $BEC_ENDPOINT or https://bec.baidubce.com)')
    .option('--profile <name>', 'profile of ~/.bce/config.json for credentials (default: $BCE_PROFILE or current)')
    .addOption(
      new Option('--output <format>', 'json or table (default: table on a terminal, json otherwise)').choices([
        'json',
        'table',
      ]),
    )
    .option('--timeout <duration>', 'overall time for each call and for --wait, e.g. 30s, 1500ms, 5m', parseDuration)
    .option('--debug', 'log requests and responses to stderr (secrets redacted)')
    .option('--dry-run', 'print the signed request (secrets redacted) and send nothing')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.stdout(t), writeErr: (t) => io.stderr(t) });

  for (const [group, entries] of commandTable) {
    const goGroup = entries[0]!.operation.group;
    const groupCmd = program
      .command(group)
      .description(
        `${GROUP_DESCRIPTIONS[goGroup] ?? goGroup} (${entries.length} command${entries.length === 1 ? '' : 's'})`,
      );
    groupCmd.exitOverride();
    for (const entry of entries) addOperationCommand(groupCmd, entry, io);
  }

  program
    .command('commands')
    .description('list every command with the BEC operation it calls')
    .action((_opts: unknown, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>();
      const rows = [...commandTable.values()].flat().map((e) => ({
        command: `bec ${e.group} ${e.action}`,
        operation: e.operation.name,
        method: e.operation.method,
        path: e.operation.path,
      }));
      if (outputFormat(g, io) === 'json') io.stdout(formatJson(rows));
      else {
        io.stdout(
          renderTable(
            ['COMMAND', 'OPERATION', 'HTTP'],
            rows.map((r) => [r.command, r.operation, `${r.method} ${r.path}`]),
          ),
        );
      }
    });

  program
    .command('emulator')
    .description('run a local BEC emulator (bec emulator --help for its options)')
    .allowUnknownOption()
    .allowExcessArguments();

  program
    .command('demo')
    .description('walk through the BEC guide against an embedded emulator (what `npm start` runs)')
    .action(async () => {
      const { runDemo } = await import('./demo.js');
      await runDemo({ out: (t) => io.stdout(t) });
    });

  return program;
}

/**
 * Runs `bec` with the given arguments (without `node bec`). Resolves with the exit code, or
 * undefined when the command keeps running (`bec emulator`).
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number | undefined> {
  // `bec emulator ...` hands its arguments to the emulator's own parser untouched.
  if (argv[0] === 'emulator') {
    try {
      // Loaded only here: the emulator (and SQLite) is not needed by any other command.
      const { runEmulatorCli } = await import('bec-emulator');
      await runEmulatorCli(argv.slice(1), (line) => io.stdout(`${line}\n`));
      return argv.includes('--help') || argv.includes('-h') ? EXIT.ok : undefined;
    } catch (err) {
      io.stderr(`bec emulator: ${(err as Error).message}\n`);
      return EXIT.usage;
    }
  }
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
      return EXIT.usage;
    }
    return reportError(err, io);
  }
}
