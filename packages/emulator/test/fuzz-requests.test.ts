/**
 * Properly signed requests with hostile contents, for every operation of the table: random path
 * IDs, query values and JSON bodies (wrong types, huge numbers, deep nesting, odd Unicode), plus
 * bodies that are not JSON at all. Whatever arrives, the emulator answers below 500 with a
 * BCE-shaped error body, and keeps serving. `BEC_FUZZ_RUNS` sets the number of requests
 * (default 1500); `BEC_FUZZ_REPORT=1` prints the status counts.
 */
import { type RunningEmulator, startEmulator } from 'bec-emulator';
import { operations } from 'bec-sdk/spec';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, signed } from './core-helpers.js';

const RUNS = Number(process.env.BEC_FUZZ_RUNS ?? 1500);

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ lifecycle: { mode: 'immediate' }, seed: 7 });
});
afterAll(async () => {
  await emu?.close();
});

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', '.', '..', '%2e', 'a/b', '\u0000', '\u202e', 'x'.repeat(300), 'vm-a-1-m-hangzhou-aaaaa'),
);
const hostileNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1e9, 1e308, -1e308, 2 ** 53 + 1, 1e6));
const leaf = fc.oneof(text, hostileNumber, fc.boolean(), fc.constant(null));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(
    fc.oneof(text, fc.constantFrom('name', 'replicas', 'cpu', 'memory', 'deployInstances')),
    tie('value'),
    {
      maxKeys: 6,
    },
  ),
})).value;

/** One request: an operation of the table with random IDs, query values and body. */
const request = fc.record({
  op: fc.constantFrom(...operations),
  ids: fc.array(
    text.filter((s) => s.length > 0),
    { minLength: 4, maxLength: 4 },
  ),
  query: fc.array(fc.tuple(fc.constantFrom('pageNo', 'pageSize', 'keyword', 'keywordType', 'status', 'x'), text), {
    maxLength: 3,
  }),
  body: fc.oneof(
    { weight: 4, arbitrary: json.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) }, // not JSON
    { weight: 1, arbitrary: fc.constant('{"a":'.repeat(2000)) }, // deep and unfinished
  ),
});

describe('signed hostile requests to every operation', () => {
  it(`${RUNS} requests: no 5xx, BCE-shaped errors, the emulator keeps answering`, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ op, ids, query, body }) => {
        let i = 0;
        const path = op.path.replace(/\{[^}]+\}/g, () => ids[i++ % ids.length]!);
        const hasBody = op.method === 'POST' || op.method === 'PUT';
        const raw = signed(emu.endpoint, emu.credentials, {
          method: op.method,
          path,
          query,
          ...(hasBody ? { body } : {}),
        });
        const res = await send(emu.endpoint, raw);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, `${op.name} ${raw.target} -> ${res.text.slice(0, 200)}`).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.json, res.text.slice(0, 200)).toMatchObject({
            code: expect.any(String),
            message: expect.any(String),
            requestId: expect.any(String),
          });
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.BEC_FUZZ_SEED ?? 20261204) },
    );
    if (process.env.BEC_FUZZ_REPORT) console.log('status counts', Object.fromEntries(statuses));
    // Still serving normally afterwards.
    const health = await send(
      emu.endpoint,
      signed(emu.endpoint, emu.credentials, { method: 'GET', path: '/v1/vm/service' }),
    );
    expect(health.status).toBe(200);
  }, 120_000);
});
