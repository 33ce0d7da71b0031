import {
  BceClientError,
  BceError,
  BceNetworkError,
  BceServiceError,
  BceTimeoutError,
  BceValidationError,
  BceWaiterError,
} from 'bec-sdk';
import type { CliIo } from './io.js';
import { safeLine } from './terminal.js';

/**
 * Exit codes of `bec`:
 * 0 success; 1 unexpected internal error; 2 usage error (unknown command or option, bad flag
 * value, unreadable --input); 3 client error (BceClientError: validation, credentials, network,
 * timeout, abort); 4 service error (BceServiceError: BEC answered with an error status, or a
 * --wait saw the resource fail or disappear); 5 a --wait that timed out (the last state seen is
 * printed on stdout).
 */
export const EXIT = { ok: 0, internal: 1, usage: 2, client: 3, service: 4, waitTimeout: 5 } as const;

/**
 * A usage error whose text is safe to show: it never holds the value that was given, which may
 * be a password (commander's own errors quote the argument).
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * When a write may have taken effect and it carried a clientToken, how to repeat it safely from
 * the shell: BEC applies one token only once.
 */
function repeatHint(err: BceError, say: (text: string) => void): void {
  const unknown = (err as { outcomeUnknown?: unknown }).outcomeUnknown === true;
  if (!unknown || err.clientToken === undefined) return;
  say(`  client token: ${err.clientToken}`);
  say(`  to repeat it safely, run the same command with --client-token ${err.clientToken}`);
}

/** Prints an error the way every command does and returns the exit code. */
export function reportError(err: unknown, io: CliIo): number {
  const say = (text: string): void => io.stderr(`${safeLine(text)}\n`);
  if (err instanceof UsageError) {
    say(`bec: error: ${err.message}`);
    return EXIT.usage;
  }
  if (err instanceof BceServiceError) {
    say(`bec: error: ${err.code}: ${err.serviceMessage}`);
    io.stderr(`  status: ${err.statusCode}\n`);
    say(`  code: ${err.code}`);
    say(`  request id: ${err.requestId ?? '-'}`);
    if (err.outcomeUnknown) io.stderr('  the outcome is unknown: check the resource before trying again\n');
    repeatHint(err, say);
    return EXIT.service;
  }
  if (err instanceof BceWaiterError) {
    say(`bec: error: ${err.name} (${err.reason}): ${err.message}`);
    say(`  code: ${err.reason}`);
    say(`  request id: ${err.requestId ?? '-'}`);
    return err.reason === 'timeout' ? EXIT.waitTimeout : EXIT.service;
  }
  if (err instanceof BceClientError) {
    say(`bec: error: ${err.name}: ${err.message}`);
    const code = err instanceof BceValidationError ? 'ValidationError' : ((err as { code?: string }).code ?? err.name);
    say(`  code: ${code}`);
    say(`  request id: ${err.requestId ?? '-'}`);
    if (err instanceof BceNetworkError || err instanceof BceTimeoutError) {
      io.stderr('  check --endpoint / BEC_ENDPOINT and the network; --timeout sets the time allowed\n');
    }
    repeatHint(err, say);
    return EXIT.client;
  }
  if (err instanceof BceError) {
    say(`bec: error: ${err.name}: ${err.message}`);
    return EXIT.client;
  }
  io.stderr(`bec: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return EXIT.internal;
}
