/**
 * A recording Transport (the SDK's pluggable transport interface): it keeps every request the
 * client hands over and answers 200 with an empty body, so tests can see exactly what would go on
 * the wire without a socket. Tests about the network itself use ./loopback.ts instead.
 */
import { BceV1Signer } from '../../src/auth/signer.js';
import { BecClient, type BecClientOptions } from '../../src/index.js';
import type { HttpRequest, HttpResponse, Transport } from '../../src/internal/transport.js';

export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIDCAPTURE00000000000000000000000',
  secretAccessKey: 'SKCAPTURE-secret-0123456789abcdef',
} as const;

export interface CapturedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

export class CaptureTransport implements Transport {
  readonly requests: CapturedRequest[] = [];

  async send(request: HttpRequest): Promise<HttpResponse> {
    this.requests.push({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.body ? Buffer.from(request.body).toString('utf8') : undefined,
    });
    return { statusCode: 200, headers: { 'x-bce-request-id': 'captured' }, body: new Uint8Array() };
  }

  /** The only request sent so far; throws when there is not exactly one. */
  only(): CapturedRequest {
    if (this.requests.length !== 1) throw new Error(`expected one request, got ${this.requests.length}`);
    return this.requests[0]!;
  }
}

export function captureClient(options: BecClientOptions = {}): { client: BecClient; transport: CaptureTransport } {
  const transport = new CaptureTransport();
  const client = new BecClient({
    endpoint: 'http://bec.capture.test',
    credentials: TEST_CREDENTIALS,
    maxRetries: 0,
    transport,
    ...options,
  });
  return { client, transport };
}

/** Query pairs as they are on the wire, decoded (a bare key has the value ''). */
export function wireQuery(url: URL): Array<[string, string]> {
  const search = url.search.slice(1);
  if (search === '') return [];
  return search.split('&').map((item) => {
    const eq = item.indexOf('=');
    return eq < 0
      ? [decodeURIComponent(item), '']
      : [decodeURIComponent(item.slice(0, eq)), decodeURIComponent(item.slice(eq + 1))];
  });
}

/**
 * True when the Authorization header verifies against the request as sent: the decoded wire path
 * and query, and the signed headers. This is what a BCE server checks.
 */
export function signatureVerifies(request: CapturedRequest): boolean {
  const auth = request.headers.authorization ?? '';
  const parts = auth.split('/');
  if (parts.length !== 6) return false;
  const [, , date, expiration, signedHeaders] = parts as [string, string, string, string, string, string];
  const names = signedHeaders.split(';');
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = request.headers[name];
    if (value === undefined) return false;
    headers[name] = value;
  }
  const path = request.url.pathname
    .split('/')
    .map((s) => decodeURIComponent(s))
    .join('/');
  const signed = new BceV1Signer().sign(
    { method: request.method, path, query: wireQuery(request.url), headers },
    TEST_CREDENTIALS,
    {
      timestamp: Date.parse(date) / 1000,
      expirationSeconds: Number(expiration),
      headersToSign: names,
    },
  );
  return signed.authorization === auth;
}
