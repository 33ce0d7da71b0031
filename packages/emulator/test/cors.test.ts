/**
 * --cors-origin: pages of the one allowed origin may call the API from a browser (a preflight is
 * answered, answers carry the CORS headers and expose the request id); any other origin, and
 * every origin without the option, gets no CORS header. Real sockets; the browser run itself is
 * test/runtimes (Chromium).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorArgsError, parseEmulatorArgs, type RunningEmulator, startEmulator } from '../src/index.js';

const ORIGIN = 'http://127.0.0.1:5173';
const running: RunningEmulator[] = [];

afterEach(async () => {
  for (const e of running.splice(0)) await e.close();
});

async function start(corsOrigin?: string): Promise<RunningEmulator> {
  const emulator = await startEmulator({ port: 0, ...(corsOrigin ? { corsOrigin } : {}) });
  running.push(emulator);
  return emulator;
}

function preflight(endpoint: string, origin: string): Promise<Response> {
  return fetch(`${endpoint}/v1/vm/service`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type, x-bce-date, x-bce-request-id',
    },
  });
}

describe('--cors-origin', () => {
  it("answers the allowed origin's preflight and marks its answers readable", async () => {
    const emulator = await start(ORIGIN);
    const pre = await preflight(emulator.endpoint, ORIGIN);
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    expect(pre.headers.get('access-control-allow-headers')).toBe(
      'authorization, content-type, x-bce-date, x-bce-request-id',
    );
    // An unsigned call is refused as usual, with CORS headers so the page can read why.
    const answer = await fetch(`${emulator.endpoint}/v1/vm/service`, { headers: { origin: ORIGIN } });
    expect(answer.status).toBe(403);
    expect(answer.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(answer.headers.get('access-control-expose-headers')).toContain('x-bce-request-id');
  });

  it('gives another origin nothing', async () => {
    const emulator = await start(ORIGIN);
    const pre = await preflight(emulator.endpoint, 'http://evil.example');
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.status).not.toBe(204);
  });

  it('allows no origin without the option', async () => {
    const emulator = await start();
    const pre = await preflight(emulator.endpoint, ORIGIN);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('takes exactly one origin on the command line', () => {
    expect(parseEmulatorArgs(['--cors-origin', ORIGIN]).corsOrigin).toBe(ORIGIN);
    expect(() => parseEmulatorArgs(['--cors-origin', `${ORIGIN}/path`])).toThrow(EmulatorArgsError);
    expect(() => parseEmulatorArgs(['--cors-origin', '*'])).toThrow(EmulatorArgsError);
  });
});
