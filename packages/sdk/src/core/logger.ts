/** Log levels from the most to the least verbose. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Anything with these methods can receive the SDK's log lines (console, pino, winston, ...). */
export interface Logger {
  trace?(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, silent: 5 };

/** Keys whose values are never logged, wherever they appear in a body or header set. */
const SENSITIVE_KEY = /pass(word)?|secret|token|authorization|credential|accesskey|^sk$|^ak$|private_?key|userdata/i;
export const REDACTED = '[REDACTED]';

/** A deep copy of a JSON value with sensitive fields replaced. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SENSITIVE_KEY.test(k) ? REDACTED : redact(v);
    return out;
  }
  return value;
}

/** Header values safe to log. */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = SENSITIVE_KEY.test(k) ? REDACTED : v;
  return out;
}

/** A query pair list safe to log. */
export function redactQuery(pairs: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  return pairs.map(([k, v]) => [k, SENSITIVE_KEY.test(k) ? REDACTED : v]);
}

/** Whether a key is sensitive, remembered: bodies repeat the same few keys from call to call. */
const sensitiveKeys = new Map<string, boolean>();
function isSensitiveKey(key: string): boolean {
  let sensitive = sensitiveKeys.get(key);
  if (sensitive === undefined) {
    sensitive = SENSITIVE_KEY.test(key);
    if (sensitiveKeys.size >= 1024) sensitiveKeys.clear();
    sensitiveKeys.set(key, sensitive);
  }
  return sensitive;
}

/** Text form of every string or number stored under a sensitive key anywhere in a JSON-like value. */
export function sensitiveValues(value: unknown, into: Set<string> = new Set(), underSensitiveKey = false): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) sensitiveValues(item, into, underSensitiveKey);
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // for...in with the own-property check: the keys Object.keys gives, in its order, without the array.
    for (const k in record) {
      if (Object.hasOwn(record, k)) sensitiveValues(record[k], into, underSensitiveKey || isSensitiveKey(k));
    }
  } else if (underSensitiveKey && (typeof value === 'string' || typeof value === 'number')) {
    into.add(String(value));
  }
  return into;
}

/** Shorter values are left alone: replacing them would mangle ordinary words without protecting anything. */
const MIN_SECRET_LENGTH = 4;

function percentEncoded(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A secret that could be found in a text of `length` characters (see {@link scrubSecrets}). */
function mayHold(length: number, secret: string | undefined): secret is string {
  // Every form of a secret is at least as long as the secret: a shorter text (a request id)
  // cannot hold one, and the encoded forms need not be built.
  return secret !== undefined && secret.length >= MIN_SECRET_LENGTH && secret.length <= length;
}

/**
 * `text` with every occurrence of the given secrets replaced by {@link REDACTED}, also in their
 * percent-encoded and JSON-escaped forms (a server may echo a canonical request or a body).
 */
export function scrubSecrets(text: string, secrets: ReadonlySet<string> | ReadonlyArray<string | undefined>): string {
  // A form that differs from its secret holds a `%` (percent-encoded) or a `\` (JSON-escaped):
  // in a text with neither, and holding no secret as is, there is nothing to replace.
  let search = text.includes('%') || text.includes('\\');
  let candidates = false;
  for (const secret of secrets) {
    if (!mayHold(text.length, secret)) continue;
    candidates = true;
    if (search) break;
    search = text.includes(secret);
  }
  if (!candidates || !search) return text;
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!mayHold(text.length, secret)) continue;
    forms.add(secret);
    forms.add(percentEncoded(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  return out;
}

export class LevelLogger {
  constructor(
    private readonly sink: Logger | undefined,
    private readonly level: LogLevel,
  ) {}

  enabled(level: LogLevel): boolean {
    return this.sink !== undefined && ORDER[level] >= ORDER[this.level];
  }

  log(level: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>): void {
    if (!this.enabled(level) || !this.sink) return;
    const fn = level === 'trace' ? (this.sink.trace ?? this.sink.debug) : this.sink[level];
    try {
      fn.call(this.sink, message, fields);
    } catch {
      // A failing logger must not fail the call it describes.
    }
  }
}

/** A logger writing one line per event to stderr: `bec-sdk <level> <message> <fields as JSON>`. */
/** A line on stderr where there is one (Node, Bun, Deno), else `console.error`. */
function stderrLine(line: string): void {
  const stderr = (globalThis as { process?: { stderr?: { write?: (text: string) => unknown } } }).process?.stderr;
  if (typeof stderr?.write === 'function') stderr.write(`${line}\n`);
  else console.error(line);
}

export function consoleLogger(write: (line: string) => void = stderrLine): Logger {
  const line =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      write(`bec-sdk ${level} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
    };
  return { trace: line('trace'), debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

/** Header values with every secret removed. */
export function scrubValues(
  values: Readonly<Record<string, string>>,
  scrub: (text: string) => string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) out[k] = scrub(v);
  return out;
}

/** A JSON value with every secret removed from its text (keys and values). */
export function scrubJson(value: unknown, scrub: (text: string) => string): unknown {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  const scrubbed = scrub(text);
  if (scrubbed === text) return value;
  try {
    return JSON.parse(scrubbed);
  } catch {
    return scrubbed;
  }
}
