import type { RunningEmulator } from 'bec-emulator';
import { BceServiceError, BecClient } from 'bec-sdk';
import { expect } from 'vitest';

/** Awaits a call that must fail with a BCE service error of this status and code. */
export async function serviceError(
  promise: Promise<unknown>,
  statusCode: number,
  code: string,
): Promise<BceServiceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BceServiceError);
  const e = err as BceServiceError;
  expect({ statusCode: e.statusCode, code: e.code }).toEqual({ statusCode, code });
  return e;
}

export function clientFor(emu: RunningEmulator): BecClient {
  return new BecClient({ endpoint: emu.endpoint, credentials: emu.credentials, maxRetries: 0 });
}
