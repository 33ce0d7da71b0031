import { type RunningEmulator, startEmulator } from 'bec-emulator';
import { BecClient } from 'bec-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapturingTransport, SweepRecorder } from './support/recorder.js';
import { loadSpec, ShapeChecker } from './support/spec-shapes.js';
import { runSweep } from './support/sweep-flow.js';

/**
 * The raw bytes of every answer of the whole-API sweep, checked against spec/bec-api.json (read
 * here, independently of the SDK's generated schemas): only JSON fields of the response model, at
 * every depth; the right JSON types; every field Go always sends present.
 */
const spec = loadSpec();
const responseOf = new Map(spec.operations.map((o) => [o.name, o.response]));

describe('shape checker (self-test on hand-made bodies)', () => {
  const checker = new ShapeChecker(spec);
  const vpcResult = { result: true, action: 'create', details: { vpcId: 'vpc-1' } };

  it('accepts a complete body', () => {
    expect(checker.check('VpcCommonResult', vpcResult)).toEqual([]);
  });

  it('reports unknown keys, wrong types, non-integers and missing fields, at any depth', () => {
    expect(checker.check('VpcCommonResult', { ...vpcResult, extra: 1 })).toEqual([
      '$.extra: not a JSON field of VpcCommonResult',
    ]);
    expect(checker.check('VpcCommonResult', { ...vpcResult, result: 'true' })).toEqual([
      '$.result: expected bool, got "true"',
    ]);
    expect(checker.check('VpcCommonResult', { result: true, details: {} })).toEqual([
      '$.action: missing (VpcCommonResult always sends it)',
    ]);
    const page = checker.fieldsOf('LogicPageVpcResult');
    expect(page.get('pageNo')?.type).toBe('int');
    const problems = checker.check('LogicPageVpcResult', {
      ...Object.fromEntries(
        [...page.values()].map((f) => [f.json, f.type === 'int' ? 1 : f.type === 'string' ? '' : []]),
      ),
      pageNo: 1.5,
      result: [{ vpcId: 7, nope: true }],
    });
    expect(problems).toContain('$.pageNo: expected int, got 1.5');
    expect(problems).toContain('$.result[0].vpcId: expected string, got 7');
    expect(problems).toContain('$.result[0].nope: not a JSON field of VpcDetail');
    expect(problems.some((p) => p.startsWith('$.result[0].name: missing'))).toBe(true);
  });

  it('reports empty values in omitempty fields (Go would have left them out) and null in non-pointer fields', () => {
    const subnet = {
      subnetId: 'sbn-1',
      name: 'n',
      cidr: '10.0.0.0/24',
      description: '',
      vpcId: 'vpc-1',
      regionId: 'cn-hangzhou-cm',
      isDefault: false,
      createdTime: '2024-01-01T00:00:00Z',
    };
    expect(checker.check('SubnetDetail', { ...subnet, availableIp: 251, usedIp: 2 })).toEqual([]);
    expect(checker.check('SubnetDetail', { ...subnet, usedIp: 0 })).toEqual([
      '$.usedIp: 0 in an omitempty field (Go leaves it out)',
    ]);
    expect(checker.check('SubnetDetail', { ...subnet, name: null })).toEqual(['$.name: null where Go sends a string']);
  });

  it('promotes the fields of embedded structs and leaves omitempty fields optional', () => {
    const detail = checker.fieldsOf('VmInstanceDetailsVo');
    // vmId comes from the embedded VmInstanceBriefVo; rackId carries omitempty.
    expect(detail.get('vmId')).toMatchObject({ type: 'string', omitempty: false });
    expect(detail.get('rackId')).toMatchObject({ omitempty: true });
    expect(detail.has('VmInstanceBriefVo')).toBe(false);
  });
});

describe('response shapes: every answer of the sweep against bec-api.json', () => {
  let emu: RunningEmulator;
  let client: BecClient;
  const transport = new CapturingTransport();
  const rec = new SweepRecorder();

  beforeAll(async () => {
    emu = await startEmulator({ lifecycle: { mode: 'immediate' }, seed: 229, journalSize: 10_000 });
    client = new BecClient({ endpoint: emu.endpoint, credentials: emu.credentials, maxRetries: 0, transport });
    await runSweep({ client, emu, rec });
  });
  afterAll(async () => {
    client?.close();
    await emu?.close();
  });

  it('every successful answer fits its response model; every operation was checked', () => {
    const checker = new ShapeChecker(spec);
    const operationOf = new Map(emu.journal.map((e) => [e.requestId, e.operation]));
    const checked = new Map<string, number>();
    const problems: string[] = [];
    const successes = transport.exchanges.filter((x) => x.status === 200);
    expect(successes.length).toBeGreaterThan(120);
    for (const x of successes) {
      const op = operationOf.get(x.requestId);
      if (op === undefined) {
        problems.push(`${x.method} ${x.url}: not in the journal`);
        continue;
      }
      const model = responseOf.get(op);
      if (model === undefined) {
        problems.push(`${op}: not in bec-api.json`);
        continue;
      }
      checked.set(op, (checked.get(op) ?? 0) + 1);
      if (model === null) {
        // The Go SDK ignores the body of these; the emulator sends none.
        if (x.body !== '') problems.push(`${op}: a body where the operation has no response model: ${x.body}`);
        continue;
      }
      let body: unknown;
      try {
        body = JSON.parse(x.body);
      } catch {
        problems.push(`${op}: the body is not JSON: ${x.body.slice(0, 200)}`);
        continue;
      }
      for (const p of checker.check(model, body)) problems.push(`${op} (${model}) ${p}`);
    }
    expect(problems).toEqual([]);
    expect([...checked.keys()].sort()).toEqual(spec.operations.map((o) => o.name).sort());
    expect(checked.size).toBe(115);
    expect(checker.checkedValues).toBeGreaterThan(2500);
  });

  it('every error answer is a BCE error body: code, message and requestId', () => {
    const errors = transport.exchanges.filter((x) => x.status >= 400);
    expect(errors.length).toBeGreaterThanOrEqual(115 - 7); // the raw failures bypass the SDK's transport
    for (const x of errors) {
      const body = JSON.parse(x.body) as Record<string, unknown>;
      expect(Object.keys(body).sort(), x.url).toEqual(['code', 'message', 'requestId']);
      expect(body.requestId).toBe(x.requestId);
      expect(typeof body.code === 'string' && typeof body.message === 'string').toBe(true);
    }
  });
});
