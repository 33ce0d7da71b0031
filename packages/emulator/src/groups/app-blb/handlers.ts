import type { HandlerTable } from '../../core/handler.js';
import { appBlbInstanceHandlers } from './instances.js';
import { ipGroupHandlers } from './ip-groups.js';
import { appBlbListenerHandlers } from './listeners.js';

/** Application BLBs (`/v2/appblb`): instances, listeners, IP groups and listener policies. */
export const appBlbHandlers: HandlerTable = {
  ...appBlbInstanceHandlers,
  ...appBlbListenerHandlers,
  ...ipGroupHandlers,
};
