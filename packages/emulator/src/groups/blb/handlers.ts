import type { HandlerTable } from '../../core/handler.js';
import { blbBackendHandlers } from './backends.js';
import { blbInstanceHandlers } from './instances.js';
import { blbListenerHandlers } from './listeners.js';

/** Classic load balancers (`/v1/blb`): instances, listeners ("monitor ports"), backend bindings, metrics. */
export const blbHandlers: HandlerTable = { ...blbInstanceHandlers, ...blbListenerHandlers, ...blbBackendHandlers };
