/**
 * Requests the SDK would refuse to send: signed with the SDK's BceV1Signer, sent as is over
 * node:http, so that the server's own input checks can be exercised.
 */
import { createHash, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { BceV1Signer, formatBceTimestamp, operations, uriEncode, uriEncodeExceptSlash } from 'bec-sdk/spec';

export interface RawCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

/** One raw call of an operation: path arguments by placeholder name, query pairs and a JSON body. */
export interface RawCall {
  /** Values for the `{name}` placeholders of the operation's path. */
  path?: Record<string, string>;
  query?: Array<[string, string]>;
  /** Sent as JSON text (any value, including ones the SDK's schema refuses). */
  body?: unknown;
}

export interface RawAnswer {
  /** Marks answers of raw calls (so a recorder can tell them from SDK results). */
  readonly raw: true;
  readonly operation: string;
  readonly status: number;
  readonly requestId: string;
  /** `code` of a BCE error body, when the body is one. */
  readonly code: string | undefined;
  readonly text: string;
}

const signer = new BceV1Signer();

/** Sends one signed request for `operation` (by its Go name), built from the operation table. */
export function rawCall(
  endpoint: string,
  creds: RawCredentials,
  operation: string,
  call: RawCall = {},
): Promise<RawAnswer> {
  const op = operations.find((o) => o.name === operation);
  if (!op) throw new TypeError(`unknown operation ${operation}`);
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = call.path?.[name];
    if (value === undefined) throw new TypeError(`${operation}: no value for {${name}}`);
    return value;
  });
  const query = call.query ?? [];
  const body = call.body === undefined ? undefined : JSON.stringify(call.body);
  const url = new URL(endpoint);
  const requestId = randomUUID();
  const headers: Record<string, string> = {
    host: url.host,
    'content-type': 'application/json;charset=utf-8',
    'x-bce-date': formatBceTimestamp(Math.floor(Date.now() / 1000)),
    'x-bce-request-id': requestId,
  };
  if (body !== undefined) {
    headers['content-length'] = String(Buffer.byteLength(body));
    headers['content-md5'] = createHash('md5').update(body).digest('base64');
  }
  const signed = signer.sign({ method: op.method, path, query, headers }, creds, {
    timestamp: Math.floor(Date.now() / 1000),
  });
  Object.assign(headers, signed.addedHeaders, { authorization: signed.authorization });
  const q = query.map(([k, v]) => (v === '' ? uriEncode(k) : `${uriEncode(k)}=${uriEncode(v)}`)).join('&');
  const target = `/${uriEncodeExceptSlash(path.slice(1))}${q ? `?${q}` : ''}`;

  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: op.method,
        path: target,
        headers,
        agent: false,
        setHost: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let code: string | undefined;
          try {
            const parsed = JSON.parse(text) as { code?: unknown };
            if (typeof parsed.code === 'string') code = parsed.code;
          } catch {
            code = undefined;
          }
          resolve({ raw: true, operation, status: res.statusCode ?? 0, requestId, code, text });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
