import type { Logger } from 'bec-sdk';
import type { CliIo } from './io.js';
import { safeLine } from './terminal.js';

/** What the notices need to know about the client they describe. */
export interface NoticeContext {
  /** The endpoint URL, e.g. `https://bec.baidubce.com`. */
  readonly endpoint: () => string;
  readonly connectTimeoutMs: number;
  readonly timeoutMs: number;
  /** Attempts in all (retries + 1). */
  readonly attempts: number;
}

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;

/** The reason of a failed attempt in a word or two: `timeout`, `ECONNREFUSED`, `HTTP 503`. */
function reasonOf(errorName: string, message: string): string {
  if (errorName === 'BceTimeoutError') return 'timeout';
  const code = /\b(E[A-Z_]{3,})\b/.exec(message)?.[1];
  if (code) return code;
  const status = /\b([45]\d\d)\b/.exec(message)?.[1];
  if (errorName === 'BceServiceError' && status) return `HTTP ${status}`;
  return errorName.replace(/^Bce|Error$/g, '').toLowerCase() || 'error';
}

/**
 * A logger for the client that turns the SDK's log lines into the notices `bec` prints at its
 * default verbosity: the first failure to reach the endpoint (with the endpoint and the time
 * allowed) and each retry ("attempt 2/4 after timeout, next in 1.2 s"). Everything else is
 * dropped; `--debug` adds the full log. Messages are the SDK's, which never hold secrets.
 */
export function noticeLogger(io: CliIo, ctx: NoticeContext, forward?: Logger): Logger {
  let lastReason = 'error';
  let connectReported = false;
  const say = (text: string): void => io.stderr(`${safeLine(text)}\n`);
  const onDebug = (message: string, fields: Record<string, unknown> | undefined): void => {
    const status = / -> ([45]\d\d)$/.exec(message)?.[1];
    if (status) lastReason = `HTTP ${status}`;
    const failed = / -> (Bce\w+)$/.exec(message);
    if (!failed || !fields) return;
    const errorMessage = typeof fields.error === 'string' ? fields.error : '';
    lastReason = reasonOf(failed[1]!, errorMessage);
    const unreachable = failed[1] === 'BceNetworkError' || failed[1] === 'BceTimeoutError';
    if (unreachable && !connectReported) {
      connectReported = true;
      say(
        `bec: cannot reach ${ctx.endpoint()} (${lastReason}): connect timeout ${seconds(ctx.connectTimeoutMs)}, ` +
          `${seconds(ctx.timeoutMs)} per attempt, ${ctx.attempts} attempts at most`,
      );
    }
  };
  const onInfo = (message: string, fields: Record<string, unknown> | undefined): void => {
    const retrying = /^retrying (\w+) in \d+ ms after (\w+)$/.exec(message);
    if (!retrying || !fields) return;
    const attempt = typeof fields.attempt === 'number' ? fields.attempt : 1;
    const delay = typeof fields.delayMs === 'number' ? fields.delayMs : 0;
    say(`bec: ${retrying[1]}: attempt ${attempt + 1}/${ctx.attempts} after ${lastReason}, next in ${seconds(delay)}`);
  };
  return {
    trace: (m, f) => forward?.trace?.(m, f),
    debug: (m, f) => {
      onDebug(m, f);
      forward?.debug(m, f);
    },
    info: (m, f) => {
      onInfo(m, f);
      forward?.info(m, f);
    },
    warn: (m, f) => {
      if (/retry budget/.test(m)) say(`bec: ${m}`);
      forward?.warn(m, f);
    },
    error: (m, f) => forward?.error(m, f),
  };
}

/**
 * Says on stderr when a call takes long: after `firstMs`, then every `everyMs`, until stopped.
 * The returned function stops it.
 */
export function slowCallNotice(io: CliIo, what: string, firstMs = 5_000, everyMs = 10_000): () => void {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    io.stderr(`bec: still waiting for ${what} (${seconds(Date.now() - started)})\n`);
    timer = setTimeout(tick, everyMs);
    timer.unref();
  };
  timer = setTimeout(tick, firstMs);
  timer.unref();
  return () => clearTimeout(timer);
}
