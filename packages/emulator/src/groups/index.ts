import type { HandlerTable } from '../core/handler.js';
import { appBlbHandlers } from './app-blb/handlers.js';
import { blbHandlers } from './blb/handlers.js';
import { containerHandlers } from './container/handlers.js';
import { deploySetHandlers } from './deploy-set/handlers.js';
import { vmImageHandlers } from './image/handlers.js';
import { networkHandlers } from './network/handlers.js';
import { nodeHandlers } from './node/handlers.js';
import { vmInstanceHandlers } from './vm/instance-handlers.js';
import { vmServiceHandlers } from './vm/service-handlers.js';

/**
 * Every operation's handler, by Go operation name. Each resource group lives in its own file
 * next to this one.
 */
export const handlers: HandlerTable = {
  ...nodeHandlers,
  ...vmServiceHandlers,
  ...vmInstanceHandlers,
  ...vmImageHandlers,
  ...deploySetHandlers,
  ...appBlbHandlers,
  ...networkHandlers,
  ...containerHandlers,
  ...blbHandlers,
};
