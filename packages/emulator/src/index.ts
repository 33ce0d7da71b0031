import { Authenticator, type AuthMode, type EmulatorAccount } from './auth.js';
import { type ClockMode, VirtualClock } from './clock.js';
import { FaultInjector, type FaultOptions } from './faults.js';
import type { HandlerTable } from './handlers/types.js';
import { IdGenerator } from './ids.js';
import { type EdgeNode, Inventory } from './inventory.js';
import { Lifecycle, type LifecycleOptions } from './lifecycle.js';
import { SqlitePersistence } from './persistence.js';
import { EmulatorServer, type JournalEntry } from './server.js';
import { StateStore } from './store.js';

export interface EmulatorOptions {
  /** @default 0 (a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Access keys accepted; each key (or `accountId`) is one tenant. @default one account, see DEFAULT_ACCOUNT */
  accounts?: EmulatorAccount[];
  /** @default 'strict' */
  auth?: AuthMode;
  /** Allowed distance between a signature's timestamp and the real clock. @default 15 minutes */
  maxClockSkewMs?: number;
  /** Transitional states: `immediate`, `timed` (default, 2 s of virtual time) or `manual`, per resource kind. */
  lifecycle?: LifecycleOptions;
  /** Virtual clock: `flowing` (default, real time plus advances) or `frozen` (moves only on advance). */
  clock?: { mode?: ClockMode; startMs?: number };
  /** Fault rules active from the start, and the RNG seed for their probabilities. */
  faults?: FaultOptions;
  /** Keep state in SQLite under this directory (survives restarts and kill -9). */
  dataDir?: string;
  /** The edge nodes offered (regionId, region, city, ISP). */
  nodes?: EdgeNode[];
  /** Seed for resource IDs, for reproducible runs. */
  seed?: number;
  /** Where loose-mode auth warnings go. @default console.warn */
  log?: (line: string) => void;
  /** Requests kept in the journal. @default 1000 */
  journalSize?: number;
  /** Replaces handlers (tests of the emulator itself). */
  handlers?: HandlerTable;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>` — give this to `new BecClient({ endpoint })`. */
  readonly endpoint: string;
  /** The first account's keys. */
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  readonly accounts: readonly EmulatorAccount[];
  readonly clock: VirtualClock;
  readonly faults: FaultInjector;
  readonly lifecycle: {
    /** Completes waiting transitions now (manual mode), optionally of one kind or one resource. */
    complete(options?: { account?: string; kind?: string; id?: string }): number;
  };
  /** Every stored resource, per account and kind. */
  state(account?: string): Record<string, Record<string, Record<string, unknown>[]>>;
  /** The requests seen, newest last. */
  readonly journal: readonly JournalEntry[];
  /** Operations with a handler (115 when complete). */
  coverage(): string[];
  /** Clears all state and the journal. */
  reset(): void;
  close(): Promise<void>;
}

/** The access key used when no accounts are given. */
export const DEFAULT_ACCOUNT: EmulatorAccount = {
  accessKeyId: 'AKEMULATOR00000000000000000000000',
  secretAccessKey: 'SKEMULATOR000000000000000000000000',
};

/** Starts a local BEC on loopback. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const accounts = options.accounts?.length ? options.accounts : [DEFAULT_ACCOUNT];
  const clock = new VirtualClock(options.clock);
  const persistence = options.dataDir ? new SqlitePersistence(options.dataDir) : undefined;
  const store = new StateStore(persistence);
  const lifecycle = new Lifecycle(options.lifecycle ?? {}, clock);
  const faults = new FaultInjector(options.faults);
  const server = new EmulatorServer({
    store,
    clock,
    lifecycle,
    faults,
    ids: new IdGenerator(options.seed),
    inventory: new Inventory(options.nodes),
    authenticator: new Authenticator(accounts, options.auth ?? 'strict', options.maxClockSkewMs),
    ...(options.handlers ? { handlers: options.handlers } : {}),
    log: options.log ?? ((line) => console.warn(line)),
    journalSize: options.journalSize ?? 1000,
  });
  const endpoint = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  const first = accounts[0]!;
  return {
    endpoint,
    credentials: {
      accessKeyId: first.accessKeyId,
      secretAccessKey: first.secretAccessKey,
      ...(first.sessionToken ? { sessionToken: first.sessionToken } : {}),
    },
    accounts,
    clock,
    faults,
    lifecycle: {
      complete({ account, kind, id } = {}) {
        let n = 0;
        for (const acct of account ? [account] : store.accounts()) {
          const tx = store.begin(acct);
          n += lifecycle.complete(store, tx, kind, id);
          tx.commit();
        }
        return n;
      },
    },
    state: (account) => store.dump(account),
    journal: server.journal,
    coverage: () => server.coverage(),
    reset: () => {
      store.reset();
      server.journal.length = 0;
    },
    close: async () => {
      await server.close();
      store.close();
    },
  };
}

export type { AuthMode, EmulatorAccount } from './auth.js';
export { parseEmulatorArgs, runEmulatorCli } from './cli.js';
export type { ClockMode } from './clock.js';
export { VirtualClock } from './clock.js';
export { badRequest, denied, EmulatorError, limitExceeded, notFound } from './errors.js';
export type { FaultOptions, FaultRule } from './faults.js';
export { FaultInjector } from './faults.js';
export { handlers } from './handlers/index.js';
export type { Handler, HandlerContext, HandlerTable } from './handlers/types.js';
export { DEFAULT_NODES, type EdgeNode, Inventory } from './inventory.js';
export type { LifecycleMode, LifecycleOptions } from './lifecycle.js';
export type { JournalEntry } from './server.js';
