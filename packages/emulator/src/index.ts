/** bec-emulator's public face: starting an emulator, its command, and the types and parts it exposes. */
export type { AuthMode, EmulatorAccount } from './auth.js';
export {
  EmulatorArgsError,
  type EmulatorCliOptions,
  emulatorMain,
  parseEmulatorArgs,
  runEmulatorCli,
} from './cli.js';
export type { ClockMode } from './clock.js';
export { MAX_VIRTUAL_MS, VirtualClock } from './clock.js';
export { DEFAULT_CLIENT_TOKEN_TTL_MS } from './core/client-tokens.js';
export type { Handler, HandlerContext, HandlerTable } from './core/handler.js';
export { badRequest, denied, EmulatorError, limitExceeded, notFound } from './errors.js';
export type { FaultOptions, FaultRule } from './faults.js';
export { FaultInjector } from './faults.js';
export { handlers } from './groups/index.js';
export type { HistoryEvent } from './history.js';
export { DEFAULT_NODES, type EdgeNode, Inventory } from './inventory.js';
export type { JournalDetail, JournalEntry } from './journal.js';
export type { LifecycleMode, LifecycleOptions } from './lifecycle.js';
export { DEFAULT_LIMITS, type EmulatorLimits, type HttpLimits, type InputLimits } from './limits.js';
export { DataDirInUseError } from './persistence.js';
export {
  availableSqliteBackends,
  SQLITE_BACKENDS,
  type SqliteBackend,
  SqliteUnavailableError,
} from './sqlite-driver.js';
export { DEFAULT_ACCOUNT, type EmulatorOptions, type RunningEmulator, startEmulator } from './start.js';
