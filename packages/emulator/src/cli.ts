import { parseArgs } from 'node:util';
import { isLoopbackHost } from './admin-guard.js';
import type { AuthMode, EmulatorAccount } from './auth.js';
import type { ClockMode } from './clock.js';
import { parseCorsOrigin } from './cors.js';
import { openInBrowser } from './dashboard/open.js';
import type { FaultRule } from './faults.js';
import type { LifecycleMode } from './lifecycle.js';
import { DEFAULT_LIMITS, type EmulatorLimits } from './limits.js';
import { SQLITE_BACKENDS, type SqliteBackend } from './sqlite-driver.js';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from './start.js';

const USAGE = `Usage: bec-emulator [options]

A local BEC (Baidu Edge Computing) API for development and tests.
The first line printed is always "BEC emulator listening on <endpoint>".

Options:
  --port <n>             port to listen on (default 8080; 0 picks a free one)
  --host <addr>          address to bind (default 127.0.0.1)
  --data-dir <dir>       keep state in SQLite under <dir> (default: in memory); one emulator per dir
  --sqlite <driver>      auto | node:sqlite | better-sqlite3 (default auto: the first
                         present; Node 20 needs \`npm install better-sqlite3@12\`)
  --account <AK:SK>      an accepted access key (repeatable; default: a built-in key)
  --auth <mode>          strict | loose | off (default strict)
  --lifecycle <mode>     immediate | timed | manual (default timed)
  --lifecycle-ms <n>     duration of timed transitions in ms (default 2000)
  --clock <mode>         flowing | frozen virtual clock (default flowing)
  --fault <json>         a fault rule, e.g. '{"operation":"CreateVmService","action":"error","status":503}' (repeatable)
  --seed <n>             seed for IDs and fault probabilities
  --journal-size <n>     requests kept for GET /_emulator/journal (default 1000)
  --admin-token <t>      token of the admin API (default: a new random one, printed at start)
  --allowed-host <h>     a host name the admin API accepts besides localhost/127.0.0.1/[::1] (repeatable)
  --cors-origin <origin> let pages of this one origin call the API from a browser (CORS), e.g. http://localhost:5173
  --open                 open the dashboard (/_emulator/ui) in the default browser
  --allow-default-keys-off-loopback
                         listen beyond loopback even with the built-in test keys (anyone reaching
                         the port gets an account); refused without this flag
  --limit <name=n>       change a limit (repeatable), e.g. --limit maxBodyBytes=2097152; limits and
                         defaults: ${Object.entries(DEFAULT_LIMITS)
                           .map(([k, v]) => `${k}=${v}`)
                           .join(', ')}
  -h, --help             show this help

Admin API (loopback only, Authorization: Bearer <admin token>, JSON bodies): /_emulator/health,
reset, state, clock, clock/advance, lifecycle/complete, faults, journal, resources, resource.
Dashboard: /_emulator/ui?token=<admin token> (the URL is printed at start).
`;

/** A problem with the command line (exit code 2). */
export class EmulatorArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmulatorArgsError';
  }
}

const ARG_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  sqlite: { type: 'string' },
  account: { type: 'string', multiple: true },
  auth: { type: 'string' },
  lifecycle: { type: 'string' },
  'lifecycle-ms': { type: 'string' },
  clock: { type: 'string' },
  fault: { type: 'string', multiple: true },
  seed: { type: 'string' },
  'journal-size': { type: 'string' },
  'admin-token': { type: 'string' },
  'allowed-host': { type: 'string', multiple: true },
  'cors-origin': { type: 'string' },
  'allow-default-keys-off-loopback': { type: 'boolean' },
  limit: { type: 'string', multiple: true },
  open: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Options of `bec-emulator` / `bec emulator`, parsed from argv. Throws EmulatorArgsError. */
export function parseEmulatorArgs(argv: string[]): EmulatorOptions & { help?: boolean; open?: boolean } {
  let values: ArgValues;
  try {
    ({ values } = parseArgs({ args: argv, options: ARG_OPTIONS, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new EmulatorArgsError((err as Error).message);
  }
  if (values.help) return { help: true };
  const args = new Args(values);
  const accounts = accountsOf(args.list('account'));
  const auth = args.oneOf<AuthMode>('auth', ['strict', 'loose', 'off']);
  const lifecycle = args.oneOf<LifecycleMode>('lifecycle', ['immediate', 'timed', 'manual']);
  const clock = args.oneOf<ClockMode>('clock', ['flowing', 'frozen']);
  const rules = faultRulesOf(args.list('fault'));

  const options: EmulatorOptions = { port: args.number('port', 65535) ?? 8080 };
  const host = args.nonEmpty('host');
  if (host !== undefined) options.host = host;
  const dataDir = args.nonEmpty('data-dir');
  if (dataDir !== undefined) options.dataDir = dataDir;
  const sqlite = args.str('sqlite');
  if (sqlite !== undefined) {
    if (sqlite !== 'auto' && !(SQLITE_BACKENDS as readonly string[]).includes(sqlite)) {
      throw new EmulatorArgsError(`--sqlite must be one of auto, ${SQLITE_BACKENDS.join(', ')}`);
    }
    if (dataDir === undefined) throw new EmulatorArgsError('--sqlite needs --data-dir');
    options.sqlite = sqlite as SqliteBackend | 'auto';
  }
  if (accounts.length) options.accounts = accounts;
  if (auth) options.auth = auth;
  const durationMs = args.number('lifecycle-ms');
  if (lifecycle || durationMs !== undefined) {
    options.lifecycle = {
      ...(lifecycle ? { mode: lifecycle } : {}),
      ...(durationMs !== undefined ? { durationMs } : {}),
    };
  }
  if (clock) options.clock = { mode: clock };
  const seed = args.number('seed', 0xffffffff);
  if (seed !== undefined) options.seed = seed;
  if (rules.length || seed !== undefined) {
    options.faults = { ...(rules.length ? { rules } : {}), ...(seed !== undefined ? { seed } : {}) };
  }
  const journalSize = args.number('journal-size', 1_000_000);
  if (journalSize !== undefined) options.journalSize = journalSize;
  const adminToken = args.str('admin-token');
  if (adminToken !== undefined) options.adminToken = adminToken;
  const allowedHosts = args.list('allowed-host');
  if (allowedHosts.length) options.allowedHosts = allowedHosts;
  const corsOrigin = args.str('cors-origin');
  if (corsOrigin !== undefined) {
    try {
      options.corsOrigin = parseCorsOrigin(corsOrigin);
    } catch (err) {
      throw new EmulatorArgsError(`--${(err as Error).message}`);
    }
  }
  if (values['allow-default-keys-off-loopback']) options.allowDefaultKeysOffLoopback = true;
  const limits = limitsOf(args.list('limit'));
  if (Object.keys(limits).length) options.limits = limits;
  return values.open ? { ...options, open: true } : options;
}

type ArgValues = Record<string, string | boolean | string[] | undefined>;

/** Reads parsed argv values; a bad one is an EmulatorArgsError naming the option. */
class Args {
  constructor(private readonly values: ArgValues) {}

  str(name: string): string | undefined {
    return this.values[name] as string | undefined;
  }

  list(name: string): string[] {
    return (this.values[name] as string[] | undefined) ?? [];
  }

  nonEmpty(name: string): string | undefined {
    const v = this.str(name);
    if (v === '') throw new EmulatorArgsError(`--${name} must not be empty`);
    return v;
  }

  number(name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) > max) {
      throw new EmulatorArgsError(`--${name} must be an integer from 0 to ${max}, got "${v}"`);
    }
    return Number(v);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const v = this.str(name);
    if (v !== undefined && !allowed.includes(v as T)) {
      throw new EmulatorArgsError(
        `--${name} must be ${allowed.join(', ').replace(/, ([^,]+)$/, ' or $1')}, got "${v}"`,
      );
    }
    return v as T | undefined;
  }
}

/** `--account AK:SK`, repeatable. */
function accountsOf(pairs: readonly string[]): EmulatorAccount[] {
  return pairs.map((pair) => {
    const i = pair.indexOf(':');
    if (i <= 0 || i === pair.length - 1) throw new EmulatorArgsError('--account must be AK:SK');
    const accessKeyId = pair.slice(0, i);
    if (accessKeyId.includes('/')) throw new EmulatorArgsError('--account: the access key id must not contain "/"');
    return { accessKeyId, secretAccessKey: pair.slice(i + 1) };
  });
}

/** `--fault '<JSON rule>'`, repeatable. */
function faultRulesOf(texts: readonly string[]): FaultRule[] {
  return texts.map((text) => {
    try {
      const rule = JSON.parse(text) as unknown;
      if (!rule || typeof rule !== 'object' || Array.isArray(rule)) throw new Error('not an object');
      return rule as FaultRule;
    } catch (err) {
      throw new EmulatorArgsError(`--fault must be a JSON object: ${(err as Error).message}`);
    }
  });
}

/** `--limit name=value`, repeatable. */
function limitsOf(texts: readonly string[]): Partial<EmulatorLimits> {
  const limits: Partial<EmulatorLimits> = {};
  for (const text of texts) {
    const m = text.match(/^([A-Za-z]+)=(\d{1,10})$/);
    if (!m || !(m[1]! in DEFAULT_LIMITS)) {
      throw new EmulatorArgsError(
        `--limit must be <name>=<integer> with a name among ${Object.keys(DEFAULT_LIMITS).join(', ')}, got "${text.slice(0, 80)}"`,
      );
    }
    limits[m[1] as keyof EmulatorLimits] = Number(m[2]);
  }
  return limits;
}

export interface EmulatorCliOptions {
  /** Stop on SIGINT/SIGTERM (and exit the process). @default true */
  handleSignals?: boolean;
  /** Opens the dashboard for `--open`; resolves false when no browser could be started. @default xdg-open, open or start */
  openBrowser?: (url: string) => Promise<boolean>;
}

/**
 * Starts the emulator and prints how to reach it; stops on SIGINT/SIGTERM. Returns the running
 * emulator (undefined for `--help`). Throws EmulatorArgsError for a bad command line.
 */
export async function runEmulatorCli(
  argv: string[],
  out: (line: string) => void = (l) => console.log(l),
  cliOptions: EmulatorCliOptions = {},
): Promise<RunningEmulator | undefined> {
  const { open, ...options } = parseEmulatorArgs(argv);
  if (options.help) {
    out(USAGE);
    return undefined;
  }
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator(options);
  } catch (err) {
    if (err instanceof TypeError) throw new EmulatorArgsError(err.message); // e.g. an invalid --fault rule
    throw err;
  }
  const builtIn = !options.accounts;
  const { accessKeyId, secretAccessKey } = emulator.credentials;
  out(`BEC emulator listening on ${emulator.endpoint}`);
  out(`  endpoint:          ${emulator.endpoint}`);
  if (builtIn) {
    out(`  access key id:     ${accessKeyId}`);
    out(`  secret access key: ${secretAccessKey}`);
  } else {
    out(`  access key ids:    ${emulator.accounts.map((a) => a.accessKeyId).join(', ')} (secret keys as given)`);
  }
  out(
    `  auth: ${options.auth ?? 'strict'}, state: ${options.dataDir ? `SQLite (${emulator.storage}) in ${options.dataDir}` : 'in memory'}`,
  );
  out(`  admin API: ${emulator.endpoint}/_emulator/health`);
  // The one place the admin token is shown: the person who started the emulator needs it.
  out(`  admin token: ${emulator.adminToken} (send as Authorization: Bearer <token>)`);
  out(`  dashboard:   ${emulator.dashboardUrl}`);
  const host = new URL(emulator.endpoint).hostname;
  if (!isLoopbackHost(host)) {
    out(
      `  warning: listening on ${host}, reachable from other machines; anyone there can try the API and the admin API (token-protected)`,
    );
  }
  out(
    `Use it: BEC_ENDPOINT=${emulator.endpoint} BCE_ACCESS_KEY_ID=${accessKeyId} BCE_SECRET_ACCESS_KEY=${builtIn ? secretAccessKey : '<secret>'} bec vm-service list`,
  );
  if (open) {
    const opened = await (cliOptions.openBrowser ?? openInBrowser)(emulator.dashboardUrl);
    if (!opened) out('  (could not open a browser; open the dashboard URL above)');
  }
  if (cliOptions.handleSignals ?? true) {
    const stop = (): void => {
      emulator.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  return emulator;
}

/**
 * The `bec-emulator` command: runs {@link runEmulatorCli} and turns a failure into a one-line
 * message on stderr and an exit code (2 for a bad command line, 1 for anything else).
 */
export function emulatorMain(argv: string[]): Promise<void> {
  return runEmulatorCli(argv).then(
    () => undefined,
    (err: unknown) => {
      const usage = err instanceof EmulatorArgsError;
      console.error(`bec-emulator: ${(err as Error).message}${usage ? ' (see bec-emulator --help)' : ''}`);
      process.exit(usage ? 2 : 1);
    },
  );
}
