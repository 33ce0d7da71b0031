/**
 * Raw HTTP helpers for the emulator core tests: requests signed with the SDK's own BceV1Signer,
 * then sent byte for byte over node:http, so that a test can change one thing after signing.
 */
import { createHash } from 'node:crypto';
import { type IncomingHttpHeaders, request } from 'node:http';
import { badRequest, type Handler, type HandlerContext, type HandlerTable, notFound } from 'bec-emulator';
import { BceV1Signer, uriEncode, uriEncodeExceptSlash } from 'bec-sdk/spec';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON (undefined when empty or not JSON). */
  json: Record<string, unknown> | undefined;
}

export interface RawRequest {
  method: string;
  /** The request target exactly as sent (path plus `?query`). */
  target: string;
  /** Sent exactly (names as given); `host` must be included when wanted. */
  headers: Record<string, string>;
  body?: string | Buffer | undefined;
}

/** Sends one request on a fresh connection and reads the whole answer. */
export function send(endpoint: string, req: RawRequest, timeoutMs = 10_000): Promise<RawResponse> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.target,
        headers: req.headers,
        setHost: false,
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> | undefined;
          try {
            json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    r.on('timeout', () => r.destroy(new Error('timeout')));
    r.on('error', reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

export interface Unsigned {
  method: string;
  /** Decoded path. */
  path: string;
  query?: Array<[string, string]>;
  /** Extra headers (lower-case names); host, x-bce-date, content-type and the body headers are added. */
  headers?: Record<string, string>;
  body?: string;
}

export interface SignOptions {
  /** Signing time in seconds. @default now */
  timestamp?: number;
  expirationSeconds?: number;
  headersToSign?: string[];
  /** Leave `host` out of the headers signed (and sent: node adds none with setHost false). */
  noHost?: boolean;
}

/** The wire form of a decoded path and query, encoded the BCE way. */
export function target(path: string, query: ReadonlyArray<readonly [string, string]> = []): string {
  const rest = path.startsWith('/') ? path.slice(1) : path;
  const q = query.map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`).join('&');
  return `/${uriEncodeExceptSlash(rest)}${q ? `?${q}` : ''}`;
}

export function md5(body: string | Buffer): string {
  return createHash('md5').update(body).digest('base64');
}

export function bceTime(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`;
}

/**
 * A request signed like the SDK signs (host, content-type, x-bce-date, and content-length /
 * content-md5 when there is a body), returned as a RawRequest ready to send or to change.
 */
export function signed(endpoint: string, creds: Credentials, req: Unsigned, options: SignOptions = {}): RawRequest {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    ...(options.noHost ? {} : { host: new URL(endpoint).host }),
    'content-type': 'application/json;charset=utf-8',
    'x-bce-date': bceTime(timestamp),
    ...req.headers,
  };
  if (req.body !== undefined) {
    headers['content-length'] = String(Buffer.byteLength(req.body));
    headers['content-md5'] = md5(req.body);
  }
  const result = new BceV1Signer().sign(
    { method: req.method, path: req.path, query: req.query ?? [], headers },
    creds,
    {
      timestamp,
      ...(options.expirationSeconds !== undefined ? { expirationSeconds: options.expirationSeconds } : {}),
      ...(options.headersToSign ? { headersToSign: options.headersToSign } : {}),
    },
  );
  Object.assign(headers, result.addedHeaders);
  headers.authorization = result.authorization;
  return { method: req.method, target: target(req.path, req.query), headers, body: req.body };
}

/** The authorization header split into its six parts. */
export function authParts(authorization: string): {
  version: string;
  ak: string;
  timestamp: string;
  expiration: string;
  signedHeaders: string;
  signature: string;
} {
  const [version, ak, timestamp, expiration, signedHeaders, signature] = authorization.split('/') as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { version, ak, timestamp, expiration, signedHeaders, signature };
}

export function joinAuth(p: ReturnType<typeof authParts>): string {
  return [p.version, p.ak, p.timestamp, p.expiration, p.signedHeaders, p.signature].join('/');
}

/** A test-only resource kind behind real operation names, to exercise the core on its own. */
export const TOY_KIND = 'toyBlb';

let counter = 0;

/**
 * Handlers for the app-BLB operations that keep a minimal record, for core tests that must not
 * depend on the real handlers (idempotency, faults, isolation, response shapes).
 */
export function toyHandlers(extra: Record<string, Handler> = {}): HandlerTable {
  return {
    CreateAppBlb(ctx: HandlerContext) {
      const input = ctx.input as { name: string; regionId: string; desc?: string };
      if (!ctx.inventory.byRegionId(input.regionId)) throw badRequest(`Invalid regionId: ${input.regionId}.`);
      const blbId = `lb-${(++counter).toString(36).padStart(8, '0')}`;
      ctx.state.put(TOY_KIND, blbId, {
        blbId,
        name: input.name,
        desc: input.desc ?? '',
        regionId: input.regionId,
        createTime: ctx.clock.isoNow(),
      });
      return { blbId, name: input.name, desc: input.desc ?? '' };
    },
    GetAppBlbDetails(ctx: HandlerContext) {
      const r = ctx.state.get(TOY_KIND, ctx.path.blbId!);
      if (!r) throw notFound('app BLB', ctx.path.blbId!);
      return {
        blbId: r.blbId,
        name: r.name,
        desc: r.desc,
        regionId: r.regionId,
        createTime: r.createTime,
        status: r.status ?? 'RUNNING',
      };
    },
    GetAppBlbList(ctx: HandlerContext) {
      const items = ctx.state.list(TOY_KIND).map((r) => ({ blbId: r.blbId, name: r.name, status: 'RUNNING' }));
      return { blbList: items, maxKeys: 1000 };
    },
    UpdateAppBlb(ctx: HandlerContext) {
      const input = ctx.input as { name?: string; desc?: string };
      if (!ctx.state.get(TOY_KIND, ctx.path.blbId!)) throw notFound('app BLB', ctx.path.blbId!);
      ctx.state.update(TOY_KIND, ctx.path.blbId!, (r) => {
        if (input.name !== undefined) r.name = input.name;
        if (input.desc !== undefined) r.desc = input.desc;
      });
      return undefined;
    },
    DeleteAppBlbInstance(ctx: HandlerContext) {
      if (!ctx.state.delete(TOY_KIND, ctx.path.blbId!)) throw notFound('app BLB', ctx.path.blbId!);
      return undefined;
    },
    ...extra,
  };
}
