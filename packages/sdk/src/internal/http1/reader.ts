/**
 * An incremental HTTP/1.1 response reader (RFC 9112) for the built-in Node transport: the status
 * line and headers, then a body framed by Content-Length, chunked transfer coding or the end of
 * the connection. Strict where laxness lets a server desynchronise a kept-alive connection:
 * malformed status lines, header names or values, conflicting or malformed Content-Length,
 * Content-Length together with Transfer-Encoding, bad chunk sizes and oversized heads are errors.
 * Memory is bounded: the head and the trailers by {@link MAX_HEAD_BYTES}, the body by the limit
 * the reader is given.
 */
import { TOKEN } from '../http-grammar.js';

/** The largest status line plus headers (and, separately, chunked trailers) accepted: Node's default. */
export const MAX_HEAD_BYTES = 16 * 1024;
/** The longest chunk-size line (size and extensions). */
const MAX_CHUNK_LINE = 4 * 1024;

const CRLF_CRLF = Buffer.from('\r\n\r\n');
/** What no line of a head may hold once split at CRLF: a control character other than tab (a lone CR or LF included). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
/** Field names seen before, valid, with their lower-case form: most answers repeat the same few. */
const knownNames = new Map<string, string>();
const MAX_KNOWN_NAMES = 256;
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: [\t\x20-\x7e\x80-\xff]*)?$/;
const DIGITS = /^\d+$/;
const CHUNK_SIZE = /^([0-9A-Fa-f]{1,13})[\t ]*(?:;[\t\x20-\x7e\x80-\xff]*)?$/;

/** A response that breaks the protocol; the connection it came on cannot be used again. */
export class ProtocolError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** The body exceeded the reader's limit (announced or while streaming). */
export class BodyTooLargeError extends Error {
  constructor(
    readonly statusCode: number,
    readonly contentLength: number | undefined,
  ) {
    super('response body too large');
  }
}

enum Phase {
  Head,
  Length,
  ChunkSize,
  ChunkData,
  ChunkEnd,
  Trailers,
  UntilClose,
  Done,
}

/** One response, fed the connection's bytes as they arrive. */
export class ResponseReader {
  statusCode = 0;
  /** Lower-case names; repeated fields joined with ", ". */
  headers: Record<string, string> = {};
  /** Whether the connection may carry another request once this response is complete. */
  keepAlive = false;
  #phase = Phase.Head;
  /** Head bytes that arrived without the blank line that ends the head. */
  #pendingHead: Buffer | undefined;
  #parts: Buffer[] = [];
  #received = 0;
  /** Bytes left in the body (Length) or in the current chunk (ChunkData), or "\r\n" bytes left (ChunkEnd). */
  #remaining = 0;
  #line = '';
  #trailerBytes = 0;

  constructor(
    private readonly method: string,
    private readonly limit: number,
  ) {}

  get done(): boolean {
    return this.#phase === Phase.Done;
  }

  /** Whether the end of the connection completes this response (a body that runs until close). */
  get endsAtClose(): boolean {
    return this.#phase === Phase.UntilClose;
  }

  /** Whether any byte of this response has arrived. */
  get started(): boolean {
    return this.#phase !== Phase.Head || this.#pendingHead !== undefined;
  }

  /** The body received: the bytes as they came when they came in one piece. */
  body(): Buffer {
    const parts = this.#parts;
    if (parts.length === 1) return parts[0]!;
    return parts.length === 0 ? Buffer.alloc(0) : Buffer.concat(parts, this.#received);
  }

  /**
   * Reads `chunk`; returns how many of its bytes belong to this response (the rest would be a
   * server's unsolicited extra bytes). Throws {@link ProtocolError} or {@link BodyTooLargeError}.
   */
  push(chunk: Buffer): number {
    let at = 0;
    while (at < chunk.length && this.#phase !== Phase.Done) {
      switch (this.#phase) {
        case Phase.Head:
          at = this.#head(chunk, at);
          break;
        case Phase.Length: {
          const n = Math.min(this.#remaining, chunk.length - at);
          this.#take(chunk, at, n);
          at += n;
          this.#remaining -= n;
          if (this.#remaining === 0) this.#phase = Phase.Done;
          break;
        }
        case Phase.ChunkSize:
          at = this.#chunkSize(chunk, at);
          break;
        case Phase.ChunkData: {
          const n = Math.min(this.#remaining, chunk.length - at);
          this.#take(chunk, at, n);
          at += n;
          this.#remaining -= n;
          if (this.#remaining === 0) {
            this.#phase = Phase.ChunkEnd;
            this.#remaining = 2;
          }
          break;
        }
        case Phase.ChunkEnd: {
          const expected = this.#remaining === 2 ? 13 : 10;
          if (chunk[at] !== expected) throw new ProtocolError('a chunk does not end with CRLF', 'HPE_STRICT');
          at++;
          if (--this.#remaining === 0) this.#phase = Phase.ChunkSize;
          break;
        }
        case Phase.Trailers:
          at = this.#trailers(chunk, at);
          break;
        case Phase.UntilClose:
          this.#take(chunk, at, chunk.length - at);
          at = chunk.length;
          break;
      }
    }
    return at;
  }

  #take(chunk: Buffer, at: number, n: number): void {
    if (n === 0) return;
    this.#received += n;
    if (this.#received > this.limit) {
      this.#parts = [];
      throw new BodyTooLargeError(this.statusCode, undefined);
    }
    this.#parts.push(at === 0 && n === chunk.length ? chunk : chunk.subarray(at, at + n));
  }

  /** Reads head bytes from `at`; returns where the body starts, or the chunk's end while the head is incomplete. */
  #head(chunk: Buffer, at: number): number {
    let buf = chunk;
    let start = at;
    let carried = 0;
    if (this.#pendingHead) {
      carried = this.#pendingHead.length;
      buf = Buffer.concat([this.#pendingHead, chunk.subarray(at)]);
      start = 0;
    }
    const end = buf.indexOf(CRLF_CRLF, start);
    if (end === -1) {
      if (buf.length - start > MAX_HEAD_BYTES) {
        throw new ProtocolError(`the response head is larger than ${MAX_HEAD_BYTES} bytes`, 'HPE_HEADER_OVERFLOW');
      }
      this.#pendingHead = start === 0 ? buf : buf.subarray(start);
      return chunk.length;
    }
    if (end - start > MAX_HEAD_BYTES) {
      throw new ProtocolError(`the response head is larger than ${MAX_HEAD_BYTES} bytes`, 'HPE_HEADER_OVERFLOW');
    }
    this.#pendingHead = undefined;
    const informational = this.#parseHead(buf.toString('latin1', start, end));
    // Where the body starts, in `chunk`'s own offsets.
    const next = end + 4 - carried + (buf === chunk ? 0 : at);
    if (informational) return next;
    this.#frame();
    return next;
  }

  /** Status line and fields; true for an interim (1xx) response, which is skipped. */
  #parseHead(text: string): boolean {
    const lines = text.split('\r\n');
    const status = STATUS_LINE.exec(lines[0]!);
    if (!status)
      throw new ProtocolError('the response does not start with an HTTP/1.x status line', 'HPE_INVALID_STATUS');
    const code = Number(status[2]);
    if (code < 100) throw new ProtocolError(`invalid status code ${code}`, 'HPE_INVALID_STATUS');
    if (code === 101) throw new ProtocolError('a protocol switch was not asked for', 'HPE_INVALID_STATUS');
    if (code < 200) return true;
    // No prototype: a field named `constructor`, `toString` or `__proto__` is a field like any other.
    const headers: Record<string, string> = Object.create(null);
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      if (CONTROL.test(line)) {
        throw new ProtocolError('a header line has a control character or a bare CR or LF', 'HPE_INVALID_HEADER_TOKEN');
      }
      const colon = line.indexOf(':');
      if (colon <= 0) throw new ProtocolError('a header line has no field name', 'HPE_INVALID_HEADER_TOKEN');
      const key = fieldName(line.slice(0, colon));
      const value = trimOws(line, colon + 1);
      const before = headers[key];
      headers[key] = before === undefined ? value : `${before}, ${value}`;
    }
    this.statusCode = code;
    this.headers = headers;
    const connection = headers.connection?.toLowerCase();
    this.keepAlive =
      status[1] === '1'
        ? !(connection !== undefined && hasToken(connection, 'close'))
        : connection !== undefined && hasToken(connection, 'keep-alive');
    return false;
  }

  /** How the body is delimited (RFC 9112, section 6.3). */
  #frame(): void {
    const { headers, statusCode } = this;
    const te = headers['transfer-encoding'];
    const cl = headers['content-length'];
    if (this.method === 'HEAD' || statusCode === 204 || statusCode === 304) {
      this.#phase = Phase.Done;
      return;
    }
    if (te !== undefined) {
      if (cl !== undefined) {
        throw new ProtocolError('both Transfer-Encoding and Content-Length', 'HPE_UNEXPECTED_CONTENT_LENGTH');
      }
      const codings = te.toLowerCase().split(',');
      if (codings[codings.length - 1]!.trim() === 'chunked') {
        this.#phase = Phase.ChunkSize;
        this.#line = '';
        return;
      }
      this.#untilClose();
      return;
    }
    if (cl !== undefined) {
      // One value, or a list of equal values (a repeated field).
      const first = DIGITS.test(cl) ? cl : sameValues(cl);
      if (first === undefined || first.length > 15) {
        throw new ProtocolError('invalid Content-Length', 'HPE_INVALID_CONTENT_LENGTH');
      }
      const length = Number(first);
      if (length > this.limit) throw new BodyTooLargeError(statusCode, length);
      this.#remaining = length;
      this.#phase = length === 0 ? Phase.Done : Phase.Length;
      return;
    }
    this.#untilClose();
  }

  #untilClose(): void {
    this.#phase = Phase.UntilClose;
    this.keepAlive = false;
  }

  /** Reads the chunk-size line; returns where the chunk's data starts (or the chunk's end). */
  #chunkSize(chunk: Buffer, at: number): number {
    const lf = chunk.indexOf(10, at);
    const end = lf === -1 ? chunk.length : lf + 1;
    this.#line += chunk.toString('latin1', at, end);
    if (this.#line.length > MAX_CHUNK_LINE)
      throw new ProtocolError('a chunk-size line is too long', 'HPE_INVALID_CHUNK_SIZE');
    if (lf === -1) return end;
    const line = this.#line;
    this.#line = '';
    if (line.length < 2 || line.charCodeAt(line.length - 2) !== 13) {
      throw new ProtocolError('a chunk-size line does not end with CRLF', 'HPE_INVALID_CHUNK_SIZE');
    }
    const size = CHUNK_SIZE.exec(line.slice(0, -2));
    if (!size) throw new ProtocolError('invalid chunk size', 'HPE_INVALID_CHUNK_SIZE');
    const n = Number.parseInt(size[1]!, 16);
    if (n === 0) {
      this.#phase = Phase.Trailers;
      return end;
    }
    if (this.#received + n > this.limit) {
      this.#parts = [];
      throw new BodyTooLargeError(this.statusCode, undefined);
    }
    this.#remaining = n;
    this.#phase = Phase.ChunkData;
    return end;
  }

  /** Trailer fields after the last chunk, up to the blank line: read, bounded and dropped. */
  #trailers(chunk: Buffer, at: number): number {
    let i = at;
    while (i < chunk.length) {
      const lf = chunk.indexOf(10, i);
      const end = lf === -1 ? chunk.length : lf + 1;
      this.#trailerBytes += end - i;
      if (this.#trailerBytes > MAX_HEAD_BYTES) {
        throw new ProtocolError(`the trailers are larger than ${MAX_HEAD_BYTES} bytes`, 'HPE_HEADER_OVERFLOW');
      }
      this.#line += chunk.toString('latin1', i, end);
      i = end;
      if (lf === -1) break;
      const line = this.#line;
      this.#line = '';
      if (line === '\r\n') {
        this.#phase = Phase.Done;
        return i;
      }
      if (line.charCodeAt(line.length - 2) !== 13 || line.indexOf(':') <= 0) {
        throw new ProtocolError('a malformed trailer line', 'HPE_INVALID_HEADER_TOKEN');
      }
    }
    return i;
  }
}

/** A field name's lower-case form, once it is known to be a token. */
function fieldName(name: string): string {
  const known = knownNames.get(name);
  if (known !== undefined) return known;
  if (!TOKEN.test(name)) throw new ProtocolError('a header field name is not a token', 'HPE_INVALID_HEADER_TOKEN');
  const lower = name.toLowerCase();
  if (knownNames.size < MAX_KNOWN_NAMES) knownNames.set(name, lower);
  return lower;
}

/** `value` from `from`, without leading and trailing spaces and tabs (and nothing else). */
function trimOws(line: string, from: number): string {
  let start = from;
  let end = line.length;
  while (start < end && (line.charCodeAt(start) === 32 || line.charCodeAt(start) === 9)) start++;
  while (end > start && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end--;
  return start === 0 && end === line.length ? line : line.slice(start, end);
}

/** The value of a list of equal digit strings (`2, 2`), or undefined. */
function sameValues(list: string): string | undefined {
  const values = list.split(',').map((v) => v.trim());
  const first = values[0]!;
  return DIGITS.test(first) && values.every((v) => v === first) ? first : undefined;
}

/** Whether a comma-separated list (lower case) holds `token`. */
function hasToken(list: string, token: string): boolean {
  if (list === token) return true;
  if (!list.includes(token)) return false;
  return list.split(',').some((t) => t.trim() === token);
}
