import { createRequire } from 'node:module';
import { SDK_VERSION } from 'bec-sdk';
import { operations } from 'bec-sdk/spec';
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { completionScript, SHELLS, type Shell } from './completion.js';
import { configure } from './configure.js';
import { EXIT, reportError } from './errors.js';
import { type CliIo, processIo } from './io.js';
import { buildCommandTable, type CommandEntry } from './naming.js';
import { addOperationCommand } from './operation-command.js';
import { applyQuery, formatOutput, OUTPUT_FORMATS } from './output.js';
import { type GlobalOptions, outputFormat, stdoutPainter } from './run.js';

export { EXIT, reportError } from './errors.js';
export type { CliIo } from './io.js';
export { processIo } from './io.js';

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

function addGlobalOptions(program: Command): Command {
  return program
    .option('--endpoint <url>', 'BEC endpoint (default: $BEC_ENDPOINT or https://bec.baidubce.com)')
    .option('--profile <name>', 'profile of ~/.bce/config.json for credentials (default: $BCE_PROFILE or current)')
    .addOption(
      new Option('--output <format>', 'json, table or text (default: table on a terminal, json otherwise)').choices(
        OUTPUT_FORMATS,
      ),
    )
    .option('--query <jmespath>', "JMESPath expression applied to the result, e.g. 'result[].serviceId'")
    .option('--timeout <duration>', 'overall time for each call and for --wait, e.g. 30s, 1500ms, 5m', parseDuration)
    .option('-q, --quiet', 'no progress, retry or slow-call notices on stderr (errors and warnings still)')
    .option('--debug', 'log requests and responses to stderr (secrets redacted)')
    .option('--dry-run', 'print the signed request (secrets redacted) and send nothing');
}

function addToolCommands(program: Command, io: CliIo): void {
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
      io.stdout(formatOutput(outputFormat(g, io), '', applyQuery(rows, g.query), stdoutPainter(io)));
    });

  program
    .command('configure')
    .description('write a profile (access key ID and secret) to ~/.bce/config.json, as the credential chain reads it')
    .option('--access-key-id <id>', 'access key ID (asked for on a terminal when not given)')
    .option('--secret-access-key [value]', 'secret: alone to be prompted, - for stdin, env:NAME for a variable')
    .option('--security-token [value]', 'STS session token (mode StsToken); as --secret-access-key')
    .option('--set-current', 'make this profile the current one (the first profile written always is)')
    .addHelpText(
      'after',
      '\nThe profile is --profile, else $BCE_PROFILE, else "default". Example:\n' +
        '  bec configure --profile test --access-key-id AK... --secret-access-key env:BCE_SK\n',
    )
    .action(async (opts: Record<string, string | boolean | undefined>, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>();
      await configure(
        {
          profile: g.profile,
          accessKeyId: opts.accessKeyId as string | undefined,
          secretAccessKey: opts.secretAccessKey,
          securityToken: opts.securityToken,
          setCurrent: opts.setCurrent === true,
        },
        io,
      );
    });

  program
    .command('completion')
    .description('print a shell completion script: source <(bec completion bash), or zsh, or fish')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .action((shell: Shell) => {
      io.stdout(completionScript(shell, program));
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
}

/** The whole command tree: global options, one command per operation, and the tool commands. */
export function createProgram(io: CliIo): Command {
  const program = addGlobalOptions(
    new Command('bec')
      .description(
        'Every Baidu AI Cloud BEC (Baidu Edge Computing) operation from the shell, a local emulator and a demo.\n' +
          'Credentials: BCE_ACCESS_KEY_ID / BCE_SECRET_ACCESS_KEY (/ BCE_SECURITY_TOKEN), else ~/.bce/config.json\n' +
          '(bec configure writes it). Endpoint: --endpoint, else BEC_ENDPOINT, else https://bec.baidubce.com.\n' +
          'Exit codes: 0 ok, 2 usage error, 3 client error (validation, credentials, network, timeout),\n' +
          '4 service error, 5 a --wait that timed out.',
      )
      .version(`bec ${packageVersion()} (bec-sdk ${SDK_VERSION})`, '-V, --version'),
  )
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
  addToolCommands(program, io);
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
