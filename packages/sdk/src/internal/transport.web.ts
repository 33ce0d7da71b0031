/**
 * The build for browsers, Workers, Deno and Bun resolves `internal/transport.js` here
 * (tsup.config.ts): the same exports, without node:http.
 */
import { type HttpRequest, type HttpResponse, type Transport, TransportError } from './transport-types.js';

export { type HttpRequest, type HttpResponse, type Transport, TransportError, tooLarge } from './transport-types.js';

/** node:http / node:https: unavailable in this build; use the fetch transport. */
export class NodeHttpTransport implements Transport {
  async send(_request: HttpRequest): Promise<HttpResponse> {
    throw new TransportError(
      "NodeHttpTransport needs node:http, which this runtime's build of bec-sdk does not load; use transport: 'fetch'",
      'ENOSYS',
      false,
      'network',
    );
  }

  close(): void {}
}
