import type { HandlerTable } from '../../core/handler.js';
import { routeHandlers } from './routes.js';
import { vpcHandlers } from './vpcs.js';

/** Networks: VPCs, subnets, route tables and route rules. */
export const networkHandlers: HandlerTable = { ...vpcHandlers, ...routeHandlers };
