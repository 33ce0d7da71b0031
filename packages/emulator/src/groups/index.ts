import { type HandlerTable, withPrelude } from '../core/handler.js';
import { appBlbHandlers } from './app-blb/handlers.js';
import { blbHandlers } from './blb/handlers.js';
import { containerHandlers } from './container/handlers.js';
import { deploySetHandlers } from './deploy-set/handlers.js';
import { vmImageHandlers } from './image/handlers.js';
import { reconcileImaging } from './image/imaging.js';
import { networkHandlers } from './network/handlers.js';
import { nodeHandlers } from './node/handlers.js';
import { vmInstanceHandlers } from './vm/instance-handlers.js';
import { vmServiceHandlers } from './vm/service-handlers.js';

/**
 * Every operation's handler, by Go operation name. Each resource group lives in its own folder
 * next to this file; what groups share is in ../core.
 */
export const handlers: HandlerTable = {
  ...nodeHandlers,
  // An instance's IMAGING step ends with its image's: VM and image handlers see them agree.
  ...withPrelude(reconcileImaging, { ...vmServiceHandlers, ...vmInstanceHandlers, ...vmImageHandlers }),
  ...deploySetHandlers,
  ...appBlbHandlers,
  ...networkHandlers,
  ...containerHandlers,
  ...blbHandlers,
};
