import { appBlbHandlers } from './app-blb.js';
import { blbHandlers } from './blb.js';
import { containerHandlers } from './container.js';
import { deploySetHandlers } from './deploy-set.js';
import { networkHandlers } from './network.js';
import { nodeHandlers } from './node.js';
import type { HandlerTable } from './types.js';
import { vmImageHandlers } from './vm-image.js';
import { vmInstanceHandlers } from './vm-instance.js';
import { vmServiceHandlers } from './vm-service.js';

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
