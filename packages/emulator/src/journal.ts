import type { IncomingHttpHeaders } from 'node:http';

export interface JournalEntry {
  /** Increases by one per request over the emulator's life (not reset); names the entry in `GET journal/<seq>`. */
  seq: number;
  time: string;
  requestId: string;
  account: string | undefined;
  method: string;
  path: string;
  operation: string | undefined;
  status: number;
  code?: string | undefined;
  fault?: string | undefined;
  replayed?: boolean | undefined;
  durationMs: number;
}

/** What was asked and answered, secrets redacted and bodies cut at {@link MAX_DETAIL_BODY} characters. */
export interface JournalDetail {
  request: {
    method: string;
    path: string;
    query: Array<[string, string]>;
    headers: Record<string, string>;
    body: string;
  };
  response: { status: number; headers: Record<string, string>; body: string; note?: string };
  /** True when a body was longer than the journal keeps. */
  truncated?: boolean;
}

/** Bodies kept per request and per response (after redaction): the journal's memory stays bounded. */
export const MAX_DETAIL_BODY = 8192;
const MAX_HEADER_VALUE = 512;
export const REDACTED = '[redacted]';

/**
 * isSecretName's answers by name (names only, never values): every request and answer repeats
 * the same few member and header names. Bounded: emptied when full.
 */
const secretNames = new Map<string, boolean>();
const SECRET_NAMES_KEPT = 1024;

/** Names whose values are secrets: passwords, secret keys, session tokens, signatures, Authorization. */
export function isSecretName(name: string): boolean {
  let secret = secretNames.get(name);
  if (secret === undefined) {
    if (secretNames.size >= SECRET_NAMES_KEPT) secretNames.clear();
    secret = matchesSecretPattern(name);
    secretNames.set(name, secret);
  }
  return secret;
}

function matchesSecretPattern(name: string): boolean {
  const n = name.toLowerCase().replace(/[^a-z]/g, '');
  if (n === 'clienttoken') return false;
  return /pass|secret|credential|signature|authorization|cookie|privatekey|token|^sk$/.test(n);
}

const JSON_MEMBER = /"((?:[^"\\]|\\.){1,128})"(\s*:\s*)("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null)/g;

/**
 * Replaces the values of secret-named JSON members (in any text, complete or not) with "[redacted]".
 * Copies the text only when it has such a member (most bodies have none).
 */
export function redactText(text: string): string {
  let out = '';
  let from = 0;
  JSON_MEMBER.lastIndex = 0;
  for (let m = JSON_MEMBER.exec(text); m !== null; m = JSON_MEMBER.exec(text)) {
    const name = m[1]!;
    if (!isSecretName(name)) continue;
    out += `${text.slice(from, m.index)}"${name}"${m[2]}"${REDACTED}"`;
    from = m.index + m[0].length;
  }
  return from === 0 ? text : out + text.slice(from);
}

function cut(text: string): { text: string; cut: boolean } {
  return text.length > MAX_DETAIL_BODY
    ? { text: `${text.slice(0, MAX_DETAIL_BODY)}…`, cut: true }
    : { text, cut: false };
}

/** A copy of headers fit for display: secret ones redacted, values bounded. */
export function redactHeaders(headers: IncomingHttpHeaders | Record<string, string | number>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    out[name] = isSecretName(name) || name === 'x-bce-security-token' ? REDACTED : text.slice(0, MAX_HEADER_VALUE);
  }
  return out;
}

export interface ExchangeInput {
  method: string;
  path: string;
  query: Array<[string, string]>;
  headers: IncomingHttpHeaders;
  body: Buffer | undefined;
  status: number;
  responseHeaders: Record<string, string | number>;
  responseBody: string;
  note?: string;
}

/** Builds a journal detail (redacting first, then cutting, so no part of a secret survives a cut). */
export function captureExchange(x: ExchangeInput): JournalDetail {
  const request = cut(redactText(x.body === undefined ? '' : x.body.toString('utf8')));
  const response = cut(redactText(x.responseBody));
  return {
    request: {
      method: x.method,
      path: x.path,
      query: x.query.map(([k, v]) => [k, isSecretName(k) ? REDACTED : v.slice(0, MAX_HEADER_VALUE)]),
      headers: redactHeaders(x.headers),
      body: request.text,
    },
    response: {
      status: x.status,
      headers: redactHeaders(x.responseHeaders),
      body: response.text,
      ...(x.note ? { note: x.note } : {}),
    },
    ...(request.cut || response.cut ? { truncated: true } : {}),
  };
}

/** The last `capacity` requests, oldest first, each with its redacted detail; O(1) per request. */
export class Journal {
  readonly #entries: Array<JournalEntry | undefined>;
  readonly #details: Array<JournalDetail | undefined>;
  #next = 0;
  #size = 0;
  #seq = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError('journalSize must be a non-negative integer');
    this.#entries = new Array<JournalEntry | undefined>(capacity);
    this.#details = new Array<JournalDetail | undefined>(capacity);
  }

  /** The next entry's sequence number. */
  nextSeq(): number {
    return ++this.#seq;
  }

  push(entry: JournalEntry, detail?: JournalDetail): void {
    if (this.capacity === 0) return;
    this.#entries[this.#next] = entry;
    this.#details[this.#next] = detail;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
  }

  get length(): number {
    return this.#size;
  }

  /** The newest `limit` entries (all by default), oldest first. */
  toArray(limit = this.#size): JournalEntry[] {
    const n = Math.max(0, Math.min(limit, this.#size));
    const out: JournalEntry[] = new Array(n);
    const start = (this.#next - n + this.capacity) % (this.capacity || 1);
    for (let i = 0; i < n; i++) out[i] = this.#entries[(start + i) % this.capacity]!;
    return out;
  }

  /** The entry with this sequence number and its detail, while it is still kept. */
  find(seq: number): { entry: JournalEntry; detail: JournalDetail | undefined } | undefined {
    for (let i = 0; i < this.#size; i++) {
      const at = (this.#next - 1 - i + this.capacity) % this.capacity;
      const entry = this.#entries[at];
      if (entry?.seq === seq) return { entry, detail: this.#details[at] };
      if (entry && entry.seq < seq) return undefined;
    }
    return undefined;
  }

  /** Every kept entry with its detail, oldest first (for filters that look inside bodies). */
  withDetails(): Array<{ entry: JournalEntry; detail: JournalDetail | undefined }> {
    const out: Array<{ entry: JournalEntry; detail: JournalDetail | undefined }> = [];
    const start = (this.#next - this.#size + this.capacity) % (this.capacity || 1);
    for (let i = 0; i < this.#size; i++) {
      const at = (start + i) % this.capacity;
      out.push({ entry: this.#entries[at]!, detail: this.#details[at] });
    }
    return out;
  }

  clear(): void {
    this.#entries.fill(undefined);
    this.#details.fill(undefined);
    this.#next = 0;
    this.#size = 0;
  }
}
