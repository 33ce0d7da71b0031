import { platform } from './platform/index.js';

/**
 * Which build of bec-sdk is loaded: `node` (node:http, node:crypto; what Node resolves) or `web`
 * (fetch, WebCrypto, no `node:` import; what browsers, Workers, Deno and Bun resolve).
 */
export const SDK_BUILD: 'node' | 'web' = platform.build;
