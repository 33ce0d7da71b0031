/**
 * The build for browsers, Workers, Deno and Bun resolves `internal/transport.js` here
 * (tsup.config.ts): the same exports, without node:net or node:tls.
 */
import { type HttpRequest, type HttpResponse, type Transport, TransportError } from './transport-types.js';

export { type HttpRequest, type HttpResponse, type Transport, TransportError, tooLarge } from './transport-types.js';

/** The Node transport (node:net / node:tls): unavailable in this build; use the fetch transport. */
export class NodeHttpTransport implements Transport {
  async send(_request: HttpRequest): Promise<HttpResponse> {
    throw new TransportError(
      "NodeHttpTransport needs node:net and node:tls, which this runtime's build of bec-sdk does not load; use transport: 'fetch'",
      'ENOSYS',
      false,
      'network',
    );
  }

  close(): void {}
}
