import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { specFile } from '../scripts/spec-file.js';
import type { FieldTuple } from '../src/internal/schema.js';
import { goEncodeModel, goEncodeValue, goJsonText, modelSchemas, operations } from '../src/spec.js';

/** Go's encoding/json output for a model, as text. */
const encode = (model: string, value?: Record<string, unknown>): string => goJsonText(goEncodeModel(model, value));

describe('Go encoding/json semantics', () => {
  it('skips omitempty fields that are unset or empty: "", 0, false, [] and {}', () => {
    const body = encode('CreateVmServiceArgs', {
      serviceName: '',
      bandwidth: 0,
      needPublicIp: false,
      securityGroupIds: [],
      tags: [],
    });
    // directPay has no omitempty in the Go model, so Go always sends it.
    expect(body).toBe('{"directPay":false}');
    expect(encode('LogCollectDetail', { logCollect: false, esPort: 0, esIP: '' })).toBe('{}');
  });

  it('sends zero values for fields without omitempty, in struct order', () => {
    expect(encode('CreateVpcRequest', {})).toBe('{"name":"","description":"","regionId":"","cidr":"","tags":null}');
    expect(encode('CreateVpcRequest', { cidr: '10.0.0.0/8', name: 'n' })).toBe(
      '{"name":"n","description":"","regionId":"","cidr":"10.0.0.0/8","tags":null}',
    );
    expect(encode('CreateRouteRuleRequest', {})).toBe(
      '{"tableId":"","ipVersion":0,"sourceAddress":"","destinationAddress":"","nexthop":"","routeType":"","description":""}',
    );
    expect(encode('NetworkConfigUpdateVmInstance', {})).toBe('{"needPrivateNetwork":false,"needPublicNetwork":false}');
  });

  it('sends nullable pointers (pointer without omitempty) as null when unset', () => {
    expect(encode('HealthCheck', {})).toBe('{"healthCheckString":null}');
    expect(encode('HealthCheck', { healthCheckString: '' })).toBe('{"healthCheckString":""}');
    expect(encode('HealthCheck', { healthCheckString: null as unknown as string })).toBe('{"healthCheckString":null}');
  });

  it('keeps a pointer field with omitempty that points at an empty value', () => {
    // *[]T with omitempty: Go omits a nil pointer but sends an empty slice behind a pointer.
    expect(encode('CreateServiceArgs', {})).toBe('{}');
    expect(encode('CreateVmServiceArgs', { keyConfig: {} })).toBe('{"keyConfig":{},"directPay":false}');
  });

  it('sends non-pointer struct fields even when unset (a zero struct), like Go', () => {
    expect(encode('ResourceBriefVo', {})).toContain('"deployInstance":{}');
    expect(JSON.parse(encode('VmInstanceDetailsVo', {})).systemVolume).toEqual({});
  });

  describe('a non-pointer struct field with omitempty', () => {
    const schemas = modelSchemas as Record<string, readonly FieldTuple[]>;
    afterEach(() => {
      delete schemas.__GoJsonTest;
    });

    it('is still emitted: omitempty never applies to structs', () => {
      schemas.__GoJsonTest = [
        ['inner', 'KeyConfig', 1],
        ['name', 'string', 1],
      ];
      expect(encode('__GoJsonTest', {})).toBe('{"inner":{}}');
      expect(encode('__GoJsonTest', { inner: { type: 'password' } })).toBe('{"inner":{"type":"password"}}');
    });
  });

  it('encodes arrays, maps and nested models recursively', () => {
    expect(goJsonText(goEncodeValue('array of Port', [{ protocol: 'TCP', port: 80 }, {}]))).toBe(
      '[{"protocol":"TCP","port":80},{}]',
    );
    expect(goJsonText(goEncodeValue('map of string to string', { b: '1', a: '2' }))).toBe('{"b":"1","a":"2"}');
    expect(encode('BindSecurityGroupInstances', { instances: [] })).toBe('{"instances":[]}');
    expect(encode('BindSecurityGroupInstances', {})).toBe('{"instances":null}');
    expect(encode('InstancesBinding', {})).toBe('{"instanceId":"","securityGroupIds":null}');
  });

  it('escapes <, >, &, U+2028 and U+2029 like Go (HTML-safe JSON)', () => {
    expect(goJsonText({ a: '<script>&</script>', b: '\u2028\u2029', c: 'é"\\\n' })).toBe(
      '{"a":"\\u003cscript\\u003e\\u0026\\u003c/script\\u003e","b":"\\u2028\\u2029","c":"é\\"\\\\\\n"}',
    );
    // The escaped text is still the same JSON value.
    expect(JSON.parse(goJsonText({ a: '<&>' }))).toEqual({ a: '<&>' });
  });
});

describe('byte-identical bodies for the golden requests', () => {
  interface GoldenRecord {
    op: string;
    args: Record<string, unknown>;
    request: { body: string };
  }
  const spec = JSON.parse(readFileSync(new URL('../../../spec/bec-api.json', import.meta.url), 'utf8')) as {
    operations: Array<{ name: string; body: null | { from: string } }>;
  };
  const records = readFileSync(specFile('golden-requests.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as GoldenRecord);

  it('every golden body is what goEncodeModel + goJsonText produce from the same Go argument', () => {
    let compared = 0;
    for (const record of records) {
      const op = operations.find((o) => o.name === record.op)!;
      const from = spec.operations.find((o) => o.name === record.op)!.body?.from;
      if (!op.body || !from) continue;
      const arg = record.args[from.split(' ')[0]!];
      const value =
        op.body.kind === 'object'
          ? goEncodeModel(op.body.model, arg as Record<string, unknown>)
          : goEncodeValue(`array of ${op.body.items}`, arg);
      expect(goJsonText(value), record.op).toBe(record.request.body);
      compared++;
    }
    // Every golden record that carries a body was compared (58 operations send one).
    expect(compared).toBe(records.filter((r) => r.request.body !== '').length);
    expect(compared).toBe(58);
  });
});
