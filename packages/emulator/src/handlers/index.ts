import { appBlbHandlers } from './app-blb.js';
import { networkHandlers } from './network.js';
import { nodeHandlers } from './node.js';
import type { HandlerTable } from './types.js';

/**
 * Every operation's handler, by Go operation name. Each resource group lives in its own file
 * next to this one.
 */
export const handlers: HandlerTable = {
  ...nodeHandlers,
  ...appBlbHandlers,
  ...networkHandlers,
};
