import { utf8Text } from './text.js';

const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'InvalidHTTPRequest',
  401: 'Unauthorized',
  403: 'AccessDenied',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  412: 'PreconditionFailed',
  413: 'LimitExceeded',
  429: 'TooManyRequests',
  500: 'InternalError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/** Longest code, message or request id kept from a response: error text must stay readable and bounded. */
export const MAX_ERROR_TEXT = 1024;

function clip(text: string): string {
  if (text.length <= MAX_ERROR_TEXT) return text;
  // Do not leave half of a surrogate pair at the cut.
  const cut = /[\uD800-\uDBFF]/.test(text.charAt(MAX_ERROR_TEXT - 2)) ? MAX_ERROR_TEXT - 2 : MAX_ERROR_TEXT - 1;
  return `${text.slice(0, cut)}…`;
}

export interface ParsedServiceError {
  code: string;
  message: string;
  requestId: string | undefined;
}

/**
 * Reads a BCE error from any of its shapes: `{code, message, requestId}`, the API 1.0
 * `{code, msg, data}`, the gateway's `X-Bce-Error-Code`/`X-Bce-Error-Message` headers, an empty
 * body, or a non-JSON body (reported as the status and its first 256 bytes). `scrub` removes
 * secrets from the text before anything is cut or kept.
 */
export function parseServiceError(
  statusCode: number,
  headers: Readonly<Record<string, string>>,
  body: Uint8Array,
  scrub: (text: string) => string = (text) => text,
): ParsedServiceError {
  const parsed = parseUnbounded(statusCode, headers, body, scrub);
  return {
    code: clip(parsed.code),
    message: clip(parsed.message),
    requestId: parsed.requestId === undefined ? undefined : clip(parsed.requestId),
  };
}

function parseUnbounded(
  statusCode: number,
  headers: Readonly<Record<string, string>>,
  body: Uint8Array,
  scrub: (text: string) => string,
): ParsedServiceError {
  const statusDerived = STATUS_CODES[statusCode] ?? `Http${statusCode}`;
  let code = headers['x-bce-error-code'] || statusDerived;
  let message = scrub(headers['x-bce-error-message'] || `HTTP ${statusCode}`);
  let requestId = headers['x-bce-request-id'] || undefined;
  const raw = utf8Text(body);
  if (raw.trim() === '') return { code, message, requestId };
  const first256 = (): string => utf8Text(new TextEncoder().encode(scrub(raw)).subarray(0, 256));
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { code, message: `HTTP ${statusCode}: ${first256()}`, requestId };
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const o = parsed as Record<string, unknown>;
    if ((typeof o.code === 'string' && o.code !== '') || typeof o.code === 'number') code = String(o.code);
    const m = o.message ?? o.msg;
    if (typeof m === 'string' && m !== '') message = scrub(m);
    if (typeof o.requestId === 'string' && o.requestId !== '') requestId = o.requestId;
  } else {
    message = `HTTP ${statusCode}: ${first256()}`;
  }
  return { code, message, requestId };
}
