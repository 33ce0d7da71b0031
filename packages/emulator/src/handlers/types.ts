export type { Handler, HandlerContext, HandlerTable } from '../core/handler.js';
