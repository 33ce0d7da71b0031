import type { VirtualClock } from './clock.js';
import type { FaultInjector } from './faults.js';
import type { ResourceHistory } from './history.js';
import type { Journal } from './journal.js';
import type { Lifecycle } from './lifecycle.js';
import type { StateStore } from './store.js';

/** What the admin API and the dashboard's endpoints work on: the running emulator's parts. */
export interface AdminContext {
  store: StateStore;
  clock: VirtualClock;
  lifecycle: Lifecycle;
  faults: FaultInjector;
  journal: Journal;
  coverage: () => string[];
  /** Applies due lifecycle steps in every account. */
  settleAll: () => void;
  /** Lifecycle history per resource. */
  history?: ResourceHistory | undefined;
  /** The configured account ids. */
  accountIds?: readonly string[];
}
