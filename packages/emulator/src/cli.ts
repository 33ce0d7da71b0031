import { parseArgs } from 'node:util';
import type { AuthMode, EmulatorAccount } from './auth.js';
import { type EmulatorOptions, startEmulator } from './index.js';
import type { LifecycleMode } from './lifecycle.js';

const USAGE = `Usage: bec-emulator [options]

A local BEC (Baidu Edge Computing) API for development and tests.

Options:
  --port <n>             port to listen on (default 8080; 0 picks a free one)
  --host <addr>          address to bind (default 127.0.0.1)
  --data-dir <dir>       keep state in SQLite under <dir> (default: in memory)
  --account <AK:SK>      an accepted access key (repeatable; default: a built-in key)
  --auth <mode>          strict | loose | off (default strict)
  --lifecycle <mode>     immediate | timed | manual (default timed)
  --lifecycle-ms <n>     duration of timed transitions in ms (default 2000)
  --seed <n>             seed for IDs and fault probabilities
  -h, --help             show this help
`;

/** Options of `bec-emulator` / `bec emulator`, parsed from argv. */
export function parseEmulatorArgs(argv: string[]): EmulatorOptions & { help?: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      account: { type: 'string', multiple: true },
      auth: { type: 'string' },
      lifecycle: { type: 'string' },
      'lifecycle-ms': { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return { help: true };
  const number = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new Error(`--${name} must be a non-negative integer`);
    return Number(v);
  };
  const accounts: EmulatorAccount[] = (values.account ?? []).map((pair) => {
    const i = pair.indexOf(':');
    if (i <= 0 || i === pair.length - 1) throw new Error('--account must be AK:SK');
    return { accessKeyId: pair.slice(0, i), secretAccessKey: pair.slice(i + 1) };
  });
  const auth = values.auth as AuthMode | undefined;
  if (auth && !['strict', 'loose', 'off'].includes(auth)) throw new Error('--auth must be strict, loose or off');
  const lifecycle = values.lifecycle as LifecycleMode | undefined;
  if (lifecycle && !['immediate', 'timed', 'manual'].includes(lifecycle)) {
    throw new Error('--lifecycle must be immediate, timed or manual');
  }
  const options: EmulatorOptions = { port: number('port', values.port) ?? 8080 };
  if (values.host) options.host = values.host;
  if (values['data-dir']) options.dataDir = values['data-dir'];
  if (accounts.length) options.accounts = accounts;
  if (auth) options.auth = auth;
  const durationMs = number('lifecycle-ms', values['lifecycle-ms']);
  if (lifecycle || durationMs !== undefined) {
    options.lifecycle = {
      ...(lifecycle ? { mode: lifecycle } : {}),
      ...(durationMs !== undefined ? { durationMs } : {}),
    };
  }
  const seed = number('seed', values.seed);
  if (seed !== undefined) options.seed = seed;
  return options;
}

/** Starts the emulator and prints how to reach it; stops on SIGINT/SIGTERM. */
export async function runEmulatorCli(
  argv: string[],
  out: (line: string) => void = (l) => console.log(l),
): Promise<void> {
  const options = parseEmulatorArgs(argv);
  if (options.help) {
    out(USAGE);
    return;
  }
  const emulator = await startEmulator(options);
  out(`BEC emulator listening on ${emulator.endpoint}`);
  out(`  endpoint:          ${emulator.endpoint}`);
  out(`  access key id:     ${emulator.credentials.accessKeyId}`);
  out(`  secret access key: ${emulator.credentials.secretAccessKey}`);
  out(`  auth: ${options.auth ?? 'strict'}, state: ${options.dataDir ? `SQLite in ${options.dataDir}` : 'in memory'}`);
  out(`  admin API: ${emulator.endpoint}/_emulator/health`);
  out(
    `Use it: BEC_ENDPOINT=${emulator.endpoint} BCE_ACCESS_KEY_ID=... BCE_SECRET_ACCESS_KEY=... bec vm-service get-list`,
  );
  const stop = (): void => {
    emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
