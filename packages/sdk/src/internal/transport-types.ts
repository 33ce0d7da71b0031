/**
 * What every transport implements and throws (node:http, fetch, a user's own). Imports nothing
 * from Node: the fetch transport and the entry for other runtimes use it.
 */

/** One HTTP exchange, as the transport sees it. */
export interface HttpRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array | undefined;
  /** Fires on caller abort, attempt timeout or deadline; the transport must stop and reject. */
  readonly signal: AbortSignal;
  readonly connectTimeoutMs: number;
  /**
   * Largest body to read: a larger Content-Length is refused before reading and a body that grows
   * past it is cut off, the connection destroyed (a TransportError of kind `too-large`).
   */
  readonly maxResponseBytes?: number | undefined;
}

export interface HttpResponse {
  readonly statusCode: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** Thrown by transports; `requestSent` says whether any byte may have reached the server. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly requestSent: boolean,
    readonly kind: 'network' | 'connect-timeout' | 'aborted' | 'too-large',
    options?: { cause?: unknown; statusCode?: number | undefined; contentLength?: number | undefined },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.statusCode = options?.statusCode;
    this.contentLength = options?.contentLength;
  }

  /** For `too-large`: the status of the response that was refused. */
  readonly statusCode: number | undefined;
  /** For `too-large`: its announced Content-Length, if any. */
  readonly contentLength: number | undefined;
}

/** The error a transport rejects with when a body exceeds `maxResponseBytes`. */
export function tooLarge(limit: number, statusCode: number, contentLength?: number): TransportError {
  const what =
    contentLength === undefined
      ? `the response body grew past maxResponseBytes (${limit} bytes)`
      : `the response announced ${contentLength} bytes, more than maxResponseBytes (${limit} bytes)`;
  return new TransportError(what, 'ERESPONSETOOLARGE', true, 'too-large', { statusCode, contentLength });
}

/** Sends one request; pluggable through `BecClientOptions.transport`. */
export interface Transport {
  send(request: HttpRequest): Promise<HttpResponse>;
  /** Releases pooled connections. */
  close?(): void;
}
