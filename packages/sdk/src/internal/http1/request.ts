/**
 * An HTTP/1.1 request as bytes for the built-in Node transport: request line, the caller's
 * headers as given, `host` (from the URL) and `content-length` for a body when the caller set
 * none, and `connection: keep-alive`. Anything that could end a line or a field early (CR, LF,
 * other control characters, spaces in the target) is refused before a byte is written, so a value
 * can never smuggle a second header or request onto the connection.
 */
import { FIELD_VALUE, TOKEN } from '../http-grammar.js';

/** An origin-form target: visible ASCII only. */
const TARGET = /^\/[\x21-\x7e]*$/;

export class InvalidRequestError extends Error {
  readonly code = 'ERR_INVALID_CHAR';
}

/** The request's bytes: one buffer, so that it leaves in one write. */
export function serializeRequest(
  method: string,
  target: string,
  host: string,
  headers: Readonly<Record<string, string>>,
  body: Uint8Array | undefined,
): Buffer {
  if (!TOKEN.test(method)) throw new InvalidRequestError(`invalid method ${JSON.stringify(method)}`);
  if (!TARGET.test(target))
    throw new InvalidRequestError('the request target has a character not allowed in a URL path');
  let head = `${method} ${target} HTTP/1.1\r\n`;
  let hasLength = false;
  let hasConnection = false;
  let hasHost = false;
  for (const name in headers) {
    const value = headers[name]!;
    if (!TOKEN.test(name)) throw new InvalidRequestError(`invalid header name ${JSON.stringify(name)}`);
    if (typeof value !== 'string' || !FIELD_VALUE.test(value)) {
      throw new InvalidRequestError(`invalid character in the value of header ${name}`);
    }
    const lower = name.length === 14 || name.length === 10 || name.length === 4 ? name.toLowerCase() : '';
    if (lower === 'content-length') hasLength = true;
    else if (lower === 'connection') hasConnection = true;
    else if (lower === 'host') hasHost = true;
    head += `${name}: ${value}\r\n`;
  }
  // HTTP/1.1 requires Host; the client always signs one, a direct caller may leave it out.
  if (!hasHost) head += `host: ${host}\r\n`;
  if (body && !hasLength) head += `content-length: ${body.byteLength}\r\n`;
  if (!hasConnection) head += 'connection: keep-alive\r\n';
  head += '\r\n';
  if (!body || body.byteLength === 0) return Buffer.from(head, 'latin1');
  const headLength = Buffer.byteLength(head, 'latin1');
  const bytes = Buffer.allocUnsafe(headLength + body.byteLength);
  bytes.write(head, 0, 'latin1');
  bytes.set(body, headLength);
  return bytes;
}
