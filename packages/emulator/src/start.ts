/**
 * Starting an emulator: options checked, the parts built (clock, IDs, state and its persistence,
 * lifecycle, faults, admin guard) and wired into the HTTP server, and the handle tests use.
 */

import { AdminGuard, checkAdminToken, isLoopbackHost, newAdminToken } from './admin-guard.js';
import { Authenticator, type AuthMode, type EmulatorAccount } from './auth.js';
import { type ClockMode, VirtualClock } from './clock.js';
import type { HandlerTable } from './core/handler.js';
import { parseCorsOrigin } from './cors.js';
import { dashboardUrl } from './dashboard/url.js';
import { FaultInjector, type FaultOptions } from './faults.js';
import { ResourceHistory } from './history.js';
import { IdGenerator } from './ids.js';
import { type EdgeNode, Inventory } from './inventory.js';
import type { JournalEntry } from './journal.js';
import { Lifecycle, type LifecycleOptions } from './lifecycle.js';
import { type EmulatorLimits, resolveLimits } from './limits.js';
import { SqlitePersistence } from './persistence.js';
import { EmulatorServer } from './server.js';
import type { SqliteBackend } from './sqlite-driver.js';
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
  /**
   * Keep state in SQLite under this directory (survives restarts and kill -9). One emulator per
   * directory: a second one fails at start with {@link DataDirInUseError}.
   */
  dataDir?: string;
  /**
   * The SQLite driver for `dataDir`: `node:sqlite` (Node 22.13+, Deno) or the
   * optional `better-sqlite3` peer (Node 20). Without one, a start with `dataDir` fails with
   * {@link SqliteUnavailableError} saying what to install. @default 'auto' (the first present)
   */
  sqlite?: SqliteBackend | 'auto';
  /** The edge nodes offered (regionId, region, city, ISP). */
  nodes?: EdgeNode[];
  /** Seed for resource IDs, for reproducible runs. */
  seed?: number;
  /** Where loose-mode auth warnings go. @default console.warn */
  log?: (line: string) => void;
  /** Requests kept in the journal. @default 1000 */
  journalSize?: number;
  /** How long a clientToken's first response is replayed, in virtual time. @default 24 h */
  clientTokenTtlMs?: number;
  /** Replaces handlers (tests of the emulator itself). */
  handlers?: HandlerTable;
  /** Token of the admin API (`Authorization: Bearer <token>`). @default random per start */
  adminToken?: string;
  /** Host names (or `host:port`) the admin API accepts in the Host header besides localhost, 127.0.0.1 and [::1]. */
  allowedHosts?: string[];
  /** A browser origin (`http://localhost:5173`) allowed to call the API through CORS. @default none */
  corsOrigin?: string;
  /**
   * Listen beyond loopback while the built-in, published test keys (DEFAULT_ACCOUNT) are accepted:
   * anyone who can reach the port then has an account. Refused unless true. @default false
   */
  allowDefaultKeysOffLoopback?: boolean;
  /** Body size, timeouts, connections, quotas and input sizes (see DEFAULT_LIMITS). */
  limits?: Partial<EmulatorLimits>;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>` — give this to `new BecClient({ endpoint })`. */
  readonly endpoint: string;
  /** Send as `Authorization: Bearer <adminToken>` to the admin API (`/_emulator/...`). */
  readonly adminToken: string;
  /** The dashboard, `<endpoint>/_emulator/ui?token=<adminToken>`: open it in a browser (it holds the token: do not log it). */
  readonly dashboardUrl: string;
  /** The limits in force (defaults with the options applied). */
  readonly limits: Readonly<EmulatorLimits>;
  /** The first account's keys. */
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  readonly accounts: readonly EmulatorAccount[];
  /** Where state lives: `memory`, or the SQLite driver used for `dataDir`. */
  readonly storage: 'memory' | SqliteBackend;
  readonly clock: VirtualClock;
  readonly faults: FaultInjector;
  readonly lifecycle: {
    /** Completes waiting transitions now (manual mode), optionally of one kind or one resource. */
    complete(options?: { account?: string; kind?: string; id?: string }): number;
  };
  /** Every stored resource, per account and kind (lifecycle steps that are due applied first). */
  state(account?: string): Record<string, Record<string, Record<string, unknown>[]>>;
  /** The requests seen (the last `journalSize`), newest last; a snapshot taken on each read. */
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

const META_IDS = 'ids';
const META_CLOCK = 'clock';

/** Starts a local BEC on loopback. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const accounts = checkAccounts(options.accounts?.length ? options.accounts : [DEFAULT_ACCOUNT]);
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((line: string) => console.warn(line));
  checkExposure(options, accounts, host, log);
  const limits = resolveLimits(options.limits);
  const adminToken = options.adminToken === undefined ? newAdminToken() : checkAdminToken(options.adminToken);
  const adminGuard = new AdminGuard({ token: adminToken, allowedHosts: options.allowedHosts ?? [], boundHost: host });
  const clock = new VirtualClock(options.clock);
  const ids = new IdGenerator(options.seed);
  const faults = new FaultInjector(options.faults);
  const persistence = options.dataDir
    ? new SqlitePersistence(options.dataDir, options.sqlite ? { backend: options.sqlite } : {})
    : undefined;
  const store = new StateStore(persistence);
  if (persistence) resumeFrom(store, ids, clock, options);
  const lifecycle = new Lifecycle(options.lifecycle ?? {}, clock);
  const history = new ResourceHistory(clock);
  store.observe(history);
  let server: EmulatorServer;
  let endpoint: string;
  try {
    server = new EmulatorServer({
      store,
      clock,
      lifecycle,
      faults,
      ids,
      inventory: new Inventory(options.nodes),
      authenticator: new Authenticator(accounts, options.auth ?? 'strict', options.maxClockSkewMs),
      ...(options.handlers ? { handlers: options.handlers } : {}),
      log,
      limits,
      adminGuard,
      journalSize: options.journalSize ?? 1000,
      ...(options.corsOrigin !== undefined ? { corsOrigin: parseCorsOrigin(options.corsOrigin) } : {}),
      ...(options.clientTokenTtlMs !== undefined ? { clientTokenTtlMs: options.clientTokenTtlMs } : {}),
      history,
      accountIds: accounts.map((a) => a.accessKeyId),
    });
    endpoint = await server.listen(options.port ?? 0, host);
  } catch (err) {
    store.close();
    throw err;
  }
  const first = accounts[0]!;
  let closed: Promise<void> | undefined;
  return {
    endpoint,
    adminToken,
    dashboardUrl: dashboardUrl(endpoint, adminToken),
    limits,
    credentials: {
      accessKeyId: first.accessKeyId,
      secretAccessKey: first.secretAccessKey,
      ...(first.sessionToken ? { sessionToken: first.sessionToken } : {}),
    },
    accounts,
    storage: persistence?.backend ?? 'memory',
    clock,
    faults,
    lifecycle: { complete: (filter = {}) => lifecycle.completeAll(store, filter) },
    state: (account) => {
      server.settleAll();
      return store.dump(account);
    },
    get journal() {
      return server.journal.toArray();
    },
    coverage: () => server.coverage(),
    reset: () => {
      store.reset();
      server.journal.clear();
    },
    close: () => {
      closed ??= server.close().then(() => store.close());
      return closed;
    },
  };
}

function checkAccounts(accounts: EmulatorAccount[]): EmulatorAccount[] {
  for (const a of accounts) {
    if (!a || typeof a.accessKeyId !== 'string' || a.accessKeyId === '' || typeof a.secretAccessKey !== 'string') {
      throw new TypeError('each account needs a non-empty accessKeyId and a secretAccessKey');
    }
    if (a.accessKeyId.includes('/')) throw new TypeError(`access key id ${a.accessKeyId} must not contain "/"`);
  }
  return accounts;
}

/** Refuses (or, when allowed, warns about) listening beyond loopback with published keys or without auth. */
function checkExposure(
  options: EmulatorOptions,
  accounts: readonly EmulatorAccount[],
  host: string,
  log: (line: string) => void,
): void {
  const defaultKeys = accounts.some((a) => a.accessKeyId === DEFAULT_ACCOUNT.accessKeyId);
  if (defaultKeys && !isLoopbackHost(host) && options.auth !== 'off') {
    if (!options.allowDefaultKeysOffLoopback) {
      throw new TypeError(
        `refusing to listen on ${host} with the built-in test keys (${DEFAULT_ACCOUNT.accessKeyId}): anyone who can reach it would have an account. Give your own accounts, bind to 127.0.0.1, or allow it explicitly (allowDefaultKeysOffLoopback / --allow-default-keys-off-loopback).`,
      );
    }
    log(`warning: listening on ${host} with the built-in test keys; anyone who can reach this port has an account`);
  }
  if (options.auth === 'off' && !isLoopbackHost(host) && !options.allowDefaultKeysOffLoopback) {
    throw new TypeError(
      `refusing to listen on ${host} with auth off: anyone who can reach it would have an account. Bind to 127.0.0.1 or allow it explicitly (allowDefaultKeysOffLoopback / --allow-default-keys-off-loopback).`,
    );
  }
}

/**
 * Continues where the last run with this data directory stopped (seeded IDs must not repeat,
 * virtual time not go back), and keeps the ID generator's and the clock's state from now on:
 * the IDs with every transaction, the clock whenever it moves.
 */
function resumeFrom(store: StateStore, ids: IdGenerator, clock: VirtualClock, options: EmulatorOptions): void {
  const meta = store.loadMeta();
  if (meta[META_IDS] !== undefined) ids.restore(meta[META_IDS]);
  if (meta[META_CLOCK] !== undefined && options.clock?.startMs === undefined) clock.restore(meta[META_CLOCK]);
  store.setMetaSource(() => {
    const idState = ids.snapshot();
    return idState === undefined ? {} : { [META_IDS]: idState };
  });
  const saveClock = (): void => store.saveMeta({ [META_CLOCK]: clock.snapshot() });
  clock.onMove(saveClock);
  saveClock();
}
