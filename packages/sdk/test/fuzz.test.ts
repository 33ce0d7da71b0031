/**
 * Property tests (fast-check). Every operation gets random path IDs and inputs: the call either
 * puts exactly one request on the wire whose path is the operation's template with each segment
 * equal to uriEncode(argument), whose signature verifies, and whose query and body are what the
 * table allows; or it rejects with BceValidationError and sends nothing. Nothing else.
 *
 * Runs are kept moderate; set FUZZ_RUNS to scale them (e.g. FUZZ_RUNS=2000).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { specFile } from '../scripts/spec-file.js';
import { BceValidationError, type BecClient } from '../src/index.js';
import { elementType, isArrayType, isMapType, mapValueType } from '../src/internal/schema.js';
import {
  callByName,
  canonicalQueryString,
  canonicalUri,
  enumValues,
  modelSchemas,
  type OperationSpec,
  operations,
  parseServiceError,
  uriEncode,
} from '../src/spec.js';
import { inputRules } from '../src/validation/rules.js';
import { captureClient, signatureVerifies, wireQuery } from './support/capture.js';

const RUNS = Number(process.env.FUZZ_RUNS) || 0;
const runs = (base: number): number => (RUNS > 0 ? RUNS : base);

// ---------------------------------------------------------------- arbitraries

/** Path IDs: plausible IDs, tricky characters, traversal, controls, unicode, huge, and non-strings. */
const pathArg: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z]{1,4}-[a-z0-9]{1,12}(-[a-z0-9]{1,8}){0,3}$/) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  {
    weight: 2,
    arbitrary: fc.string({
      unit: fc.constantFrom(
        'a',
        '/',
        '.',
        '+',
        '=',
        ' ',
        '%',
        '?',
        '#',
        '&',
        '$',
        '~',
        '\u0000',
        '\n',
        '\u007f',
        '\u0085',
        '\ud800',
        '\udc00',
        'é',
        '服',
        '😀',
      ),
      maxLength: 8,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      '.',
      '..',
      '/',
      '../x',
      'a/b',
      ' ',
      '\t',
      'x\r\n',
      '%2F',
      '%2e%2e',
      "$&$'$`",
      'a+b=c d',
      '\ud83d',
      'ID'.repeat(5000),
    ),
  },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
);

/** A value of a schema type: mostly well-typed (so many calls validate and reach the wire), sometimes anything. */
function arbitraryOf(type: string, depth: number): fc.Arbitrary<unknown> {
  const wild = fc.anything({ maxDepth: 1, maxKeys: 3 });
  let typed: fc.Arbitrary<unknown>;
  if (isArrayType(type)) {
    typed = depth > 2 ? fc.constant([]) : fc.array(arbitraryOf(elementType(type), depth + 1), { maxLength: 3 });
  } else if (isMapType(type)) {
    typed = fc.dictionary(fc.string({ maxLength: 5 }), arbitraryOf(mapValueType(type), depth + 1), { maxKeys: 3 });
  } else {
    switch (type) {
      case 'string':
        typed = fc.oneof(
          fc.string({ maxLength: 12 }),
          fc.string({ unit: 'binary', maxLength: 12 }),
          fc.constantFrom('TCP', 'start', 'password', 'cn-hangzhou-cm', '10.0.0.0/8', 'Fuzz@Value1', '<&>', '\u2028'),
          fc.constant('x'.repeat(100_000)),
        );
        break;
      case 'int':
      case 'int64':
        typed = fc.oneof(
          fc.integer({ min: -5, max: 70_000 }),
          fc.constantFrom(0, 1, 80, 1000, 1699920000),
          fc.double(),
        );
        break;
      case 'float64':
        typed = fc.double();
        break;
      case 'bool':
        typed = fc.boolean();
        break;
      case 'any':
        typed = wild;
        break;
      default:
        typed = depth > 2 ? fc.constant({}) : modelValue(type, depth + 1);
    }
  }
  return fc.oneof({ weight: 9, arbitrary: typed }, { weight: 1, arbitrary: wild });
}

function modelValue(model: string, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const fields = modelSchemas[model] ?? [];
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [json, type] of fields) record[json] = arbitraryOf(type, depth);
  const known = fc.record(record, { requiredKeys: [] });
  const extra = fc.dictionary(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 1 }), { maxKeys: 2 });
  return fc.oneof(
    { weight: 8, arbitrary: known },
    { weight: 1, arbitrary: fc.tuple(known, extra).map(([k, e]) => ({ ...e, ...k })) },
  );
}

// Valid starting points: the arguments of the golden requests, mapped to each method's input the
// way the conformance test maps them. Mutating one field of a valid input reaches deeper than
// random objects, which rarely get past the first required field.
interface GoldenRecord {
  op: string;
  args: Record<string, unknown>;
}
const specOps = new Map(
  (
    JSON.parse(readFileSync(new URL('../../../spec/bec-api.json', import.meta.url), 'utf8')) as {
      operations: Array<{ name: string; goParams: Array<{ name: string; goType: string }> }>;
    }
  ).operations.map((o) => [o.name, o]),
);
const golden = new Map(
  readFileSync(specFile('golden-requests.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as GoldenRecord)
    .map((r) => [r.op, r]),
);

function goldenInput(op: OperationSpec): unknown {
  const record = golden.get(op.name);
  const goOp = specOps.get(op.name);
  if (!record || !goOp) return undefined;
  if (op.input === 'array') {
    const param = goOp.goParams.find((p) => p.goType.startsWith('[]') || p.goType.startsWith('*[]'));
    return param ? record.args[param.name] : undefined;
  }
  if (op.input !== 'object') return undefined;
  const fields = new Set((modelSchemas[op.inputSchema!] ?? []).map((f) => f[0]));
  const input: Record<string, unknown> = {};
  for (const param of goOp.goParams) {
    const value = record.args[param.name];
    if (param.goType.startsWith('*api.')) {
      for (const [k, v] of Object.entries((value as Record<string, unknown>) ?? {})) if (fields.has(k)) input[k] = v;
    } else if (fields.has(param.name) && value !== undefined) input[param.name] = value;
  }
  return input;
}

/** The golden input unchanged, or with one field replaced, removed or one unknown key added. */
function mutated(op: OperationSpec, base: Record<string, unknown>): fc.Arbitrary<unknown> {
  const fields = modelSchemas[op.inputSchema!] ?? [];
  const replace = fc
    .constantFrom(...fields)
    .chain(([json, type]) => arbitraryOf(type, 1).map((v) => ({ ...base, [json]: v })));
  const remove = fc.constantFrom(...Object.keys(base)).map((k) => {
    const copy = { ...base };
    delete copy[k];
    return copy;
  });
  const extra = fc
    .tuple(fc.string({ minLength: 1, maxLength: 6 }), fc.anything({ maxDepth: 1 }))
    .map(([k, v]) => ({ ...base, [k]: v }));
  const options: Array<fc.WeightedArbitrary<unknown>> = [{ weight: 3, arbitrary: fc.constant(base) }];
  if (fields.length > 0) options.push({ weight: 4, arbitrary: replace });
  if (Object.keys(base).length > 0) options.push({ weight: 2, arbitrary: remove });
  options.push({ weight: 1, arbitrary: extra });
  return fc.oneof(...options);
}

function inputOf(op: OperationSpec): fc.Arbitrary<unknown> {
  const wild = fc.oneof(fc.constant(undefined), fc.constant(null), fc.anything({ maxDepth: 2 }));
  if (op.input === 'none') return fc.constant(undefined);
  const base = goldenInput(op);
  if (op.input === 'array') {
    const item = op.body?.kind === 'array' ? arbitraryOf(op.body.items, 1) : fc.string({ maxLength: 12 });
    return fc.oneof(
      { weight: 3, arbitrary: fc.constant(base) },
      { weight: 4, arbitrary: fc.array(item, { maxLength: 4 }) },
      { weight: 1, arbitrary: wild },
    );
  }
  return fc.oneof(
    { weight: 5, arbitrary: mutated(op, (base ?? {}) as Record<string, unknown>) },
    { weight: 3, arbitrary: modelValue(op.inputSchema!, 0) },
    { weight: 1, arbitrary: wild },
  );
}

/** Path arguments; closed sets (actions, node types) also get their valid values. */
function pathArgOf(op: OperationSpec, p: OperationSpec['pathParams'][number]): fc.Arbitrary<unknown> {
  const valid = [
    ...(p.enum ? (enumValues[p.enum] ?? []) : []),
    ...(inputRules.pathRules[`${op.name}.${p.arg}`]?.oneOf ?? []),
  ];
  return valid.length > 0
    ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...valid) }, { weight: 2, arbitrary: pathArg })
    : pathArg;
}

// ---------------------------------------------------------------- the property per operation

function call(client: BecClient, op: OperationSpec, pathArgs: unknown[], input: unknown): Promise<unknown> {
  const path = Object.fromEntries(op.pathParams.map((p, i) => [p.arg, pathArgs[i]]));
  return callByName(client, op.name, op.input === 'none' ? { path } : { path, input });
}

describe('every operation, random inputs: a well-formed request or a BceValidationError', () => {
  const stats = { sent: 0, rejected: 0 };
  const sentBy = new Set<string>();

  it.each(operations.map((op) => [op.name, op] as const))('%s', async (_name, op) => {
    const { client, transport } = captureClient();
    const template = op.path.split('/');
    const allowedQuery = new Set([...op.query.map((q) => q.key), ...(op.clientToken ? ['clientToken'] : [])]);

    await fc.assert(
      fc.asyncProperty(
        fc.tuple(...op.pathParams.map((p) => pathArgOf(op, p))),
        inputOf(op),
        async (pathArgs, input) => {
          const before = transport.requests.length;
          let error: unknown;
          try {
            await call(client, op, pathArgs, input);
          } catch (err) {
            error = err;
          }
          if (error !== undefined) {
            expect(error).toBeInstanceOf(BceValidationError);
            expect((error as BceValidationError).operation).toBe(op.name);
            expect(transport.requests.length).toBe(before);
            stats.rejected++;
            return;
          }
          expect(transport.requests.length).toBe(before + 1);
          stats.sent++;
          sentBy.add(op.name);
          const request = transport.requests[before]!;
          expect(request.method).toBe(op.method);
          // Same number of segments as the template: nothing escaped into extra segments.
          const segments = request.url.pathname.split('/');
          expect(segments).toHaveLength(template.length);
          template.forEach((part, i) => {
            const placeholder = /^\{(\w+)\}$/.exec(part)?.[1];
            if (!placeholder) {
              expect(segments[i]).toBe(part);
              return;
            }
            const index = op.pathParams.findIndex((p) => p.name === placeholder);
            const arg = pathArgs[index] as string;
            expect(typeof arg).toBe('string');
            expect(segments[i]).toBe(uriEncode(arg));
            expect(decodeURIComponent(segments[i]!)).toBe(arg);
            expect(arg === '' || arg === '.' || arg === '..' || arg.includes('/')).toBe(false);
          });
          for (const [key] of wireQuery(request.url)) expect(allowedQuery.has(key), key).toBe(true);
          expect(signatureVerifies(request)).toBe(true);
          if (op.body) expect(() => JSON.parse(request.body!)).not.toThrow();
          else expect(request.body).toBeUndefined();
        },
      ),
      {
        numRuns: runs(40),
        // The golden call itself comes first, so every operation reaches the wire at least once.
        examples: [[op.pathParams.map((p) => golden.get(op.name)?.args[p.arg]), goldenInput(op)]],
      },
    );
    transport.requests.length = 0;
  });

  it('the inputs exercised both outcomes', () => {
    // Guards the generators: a fuzz run that only ever rejects would prove little.
    expect(stats.sent).toBeGreaterThan(1000);
    expect(stats.rejected).toBeGreaterThan(1000);
    expect(operations.filter((o) => !sentBy.has(o.name)).map((o) => o.name)).toEqual([]);
  });
});

// ---------------------------------------------------------------- signer properties

describe('signing encoders', () => {
  const text = fc.string({ unit: 'binary', maxLength: 30 });

  it('uriEncode round-trips through decodeURIComponent and uses only unreserved characters and %XX', () => {
    fc.assert(
      fc.property(text, (s) => {
        const encoded = uriEncode(s);
        expect(encoded).toMatch(/^(?:[A-Za-z0-9\-_.~]|%[0-9A-F]{2})*$/);
        expect(decodeURIComponent(encoded)).toBe(s);
      }),
      { numRuns: runs(500) },
    );
  });

  it('the canonical query string does not depend on the order of the pairs', () => {
    const pairs = fc.array(fc.tuple(text, text), { maxLength: 8 });
    fc.assert(
      fc.property(
        pairs.chain((p) =>
          fc.tuple(fc.constant(p), fc.shuffledSubarray(p, { minLength: p.length, maxLength: p.length })),
        ),
        ([pairs, shuffled]) => {
          expect(canonicalQueryString(shuffled)).toBe(canonicalQueryString(pairs));
          const object = Object.fromEntries(pairs);
          expect(canonicalQueryString(Object.entries(object).reverse())).toBe(canonicalQueryString(object));
        },
      ),
      { numRuns: runs(300) },
    );
  });

  it('the canonical URI keeps "/" and encodes everything else', () => {
    const segment = fc.string({ unit: 'binary', maxLength: 10 }).filter((s) => !s.includes('/'));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (segments) => {
        const path = `/${segments.join('/')}`;
        const canonical = canonicalUri(path);
        expect(canonical).toBe(`/${segments.map(uriEncode).join('/')}`);
        expect(canonical.split('/')).toHaveLength(segments.length + 1);
        expect(canonical).not.toMatch(/%2F/i);
      }),
      { numRuns: runs(300) },
    );
    expect(canonicalUri('')).toBe('/');
  });
});

// ---------------------------------------------------------------- error parser

describe('parseServiceError on malformed bodies', () => {
  const LIMIT = 1024;
  const MIB = 1024 * 1024;
  const HUGE = 'x'.repeat(MIB);
  const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
  const json = (v: unknown): Uint8Array => utf8(JSON.stringify(v));
  /** A large value that prints as its label in fast-check counterexamples. */
  const labelled = <T extends object>(value: T, label: string): T =>
    Object.defineProperty(value, fc.toStringMethod, { value: () => label, enumerable: false });

  const hugeBodies = [
    labelled(utf8(HUGE), '<1 MiB of "x">'),
    labelled(new Uint8Array(MIB).fill(0xff), '<1 MiB of 0xff>'),
    labelled(json({ code: 'E', message: HUGE }), '<{"code":"E","message":1 MiB}>'),
    labelled(json({ code: HUGE, msg: HUGE, requestId: HUGE }), '<{code,msg,requestId: 1 MiB each}>'),
    labelled(utf8(`<html>${'<p>502</p>'.repeat(MIB / 10)}</html>`), '<1 MiB of HTML>'),
    labelled(utf8(`{"code":"BadRequest","message":"${'y'.repeat(MIB)}`), '<1 MiB truncated JSON>'),
    labelled(utf8(`${'😀'.repeat(MIB / 4)}`), '<1 MiB of emoji>'),
  ];
  const body: fc.Arbitrary<Uint8Array> = fc.oneof(
    fc.constant(new Uint8Array()),
    fc
      .constantFrom(
        ' ',
        '\n\t',
        'null',
        'true',
        '0',
        '-1.5e300',
        '"text"',
        '[]',
        '[1,"a",null]',
        '{}',
        '{"code":',
        '{"code":"Bad',
        '{"code":""}',
      )
      .map(utf8),
    fc.constant(utf8('<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>')),
    fc.uint8Array({ maxLength: 600 }),
    fc.string({ unit: 'binary', maxLength: 300 }).map(utf8),
    fc.jsonValue({ maxDepth: 3 }).map(json),
    fc
      .record(
        {
          code: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string())),
          message: fc.oneof(fc.string(), fc.constant(''), fc.integer(), fc.object()),
          msg: fc.string(),
          requestId: fc.oneof(fc.uuid(), fc.integer()),
          data: fc.jsonValue({ maxDepth: 2 }),
        },
        { requiredKeys: [] },
      )
      .map(json),
    // Valid bodies cut short.
    fc.tuple(fc.jsonValue({ maxDepth: 2 }), fc.nat()).map(([v, n]) => {
      const t = JSON.stringify({ code: 'BadRequest', message: 'Bad request parameters', detail: v });
      return utf8(t.slice(0, n % t.length));
    }),
    fc.constantFrom(...hugeBodies),
  );
  const headers: fc.Arbitrary<Record<string, string>> = fc.oneof(
    fc.constant({}),
    fc.record(
      { 'x-bce-error-code': fc.string(), 'x-bce-error-message': fc.string(), 'x-bce-request-id': fc.string() },
      { requiredKeys: [] },
    ),
    fc.constant(
      labelled(
        { 'x-bce-error-code': HUGE, 'x-bce-error-message': HUGE, 'x-bce-request-id': HUGE },
        '<X-Bce-Error-* headers of 1 MiB>',
      ),
    ),
  );

  it('always returns a non-empty string code and message, bounded in length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 300, max: 599 }), headers, body, (status, h, b) => {
        const parsed = parseServiceError(status, h, b);
        for (const text of [parsed.code, parsed.message]) {
          expect(typeof text).toBe('string');
          expect(text.length).toBeGreaterThan(0);
          expect(text.length).toBeLessThanOrEqual(LIMIT);
          expect(text).not.toMatch(/[\uD800-\uDBFF]$/);
        }
        if (parsed.requestId !== undefined) {
          expect(typeof parsed.requestId).toBe('string');
          expect(parsed.requestId.length).toBeLessThanOrEqual(LIMIT);
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it('each 1 MiB body is parsed to bounded text', () => {
    for (const b of hugeBodies) {
      const parsed = parseServiceError(500, {}, b);
      expect(parsed.message.length).toBeLessThanOrEqual(LIMIT);
      expect(parsed.code.length).toBeLessThanOrEqual(LIMIT);
    }
    expect(parseServiceError(400, {}, json({ code: 'E', message: HUGE })).message).toBe(`${'x'.repeat(LIMIT - 1)}…`);
  });
});
