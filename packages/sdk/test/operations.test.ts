import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { overlay } from '../overlay/operations.js';
import { specFile } from '../scripts/spec-file.js';
import { BecClient } from '../src/index.js';
import { enumValues, modelSchemas, operations } from '../src/spec.js';

interface SpecOperation {
  name: string;
  group: string;
  method: string;
  path: string;
  pathParams: Array<{ name: string; from: string }>;
  clientToken: { sent: boolean };
  response: string | null;
}
const spec = JSON.parse(readFileSync(new URL('../../../spec/bec-api.json', import.meta.url), 'utf8')) as {
  operations: SpecOperation[];
};
const specByName = new Map(spec.operations.map((o) => [o.name, o]));
const SUMMARIES = Object.fromEntries(Object.entries(overlay).map(([name, o]) => [name, o.summary]));
const DOC_PAGES = Object.fromEntries(
  Object.entries(overlay).flatMap(([name, o]) => (o.docPage ? [[name, o.docPage]] : [])),
);

/** The group table of spec/bec-api.md ("Counts"). */
const GROUP_COUNTS: Readonly<Record<string, number>> = {
  containerService: 8,
  metrics: 6,
  deployment: 3,
  pod: 3,
  vmService: 8,
  vmInstance: 12,
  blb: 7,
  blbListener: 6,
  blbBinding: 6,
  vmImage: 5,
  node: 1,
  deploySet: 7,
  appBlb: 5,
  appBlbListener: 7,
  ipGroup: 4,
  ipGroupPolicy: 4,
  ipGroupMember: 4,
  listenerPolicy: 3,
  vpc: 5,
  subnet: 5,
  route: 6,
};

describe('the operation table', () => {
  it('has all 115 operations of the Go SDK, in its order, under their Go names', () => {
    expect(operations).toHaveLength(115);
    expect(operations.map((o) => o.name)).toEqual(spec.operations.map((o) => o.name));
    expect(new Set(operations.map((o) => o.name)).size).toBe(115);
  });

  it('the README table matches the spec (115 operations in 21 groups)', () => {
    const readme = readFileSync(specFile('bec-api.md'), 'utf8');
    for (const [group, count] of Object.entries(GROUP_COUNTS)) {
      expect(readme).toMatch(new RegExp(`^\\| ${group} \\| ${count} \\|`, 'm'));
    }
    expect(Object.values(GROUP_COUNTS).reduce((a, b) => a + b, 0)).toBe(115);
  });

  it('has 21 groups with the counts of the spec README', () => {
    const counts: Record<string, number> = {};
    for (const op of operations) counts[op.group] = (counts[op.group] ?? 0) + 1;
    expect(Object.keys(counts)).toHaveLength(21);
    expect(counts).toEqual(GROUP_COUNTS);
  });

  it('every entry has a name, group, HTTP method, path and summary', () => {
    for (const op of operations) {
      expect(op.name).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(op.group).toMatch(/^[a-z][A-Za-z]+$/);
      expect(['GET', 'POST', 'PUT', 'DELETE']).toContain(op.method);
      expect(op.path).toMatch(/^\/v[12]\//);
      expect(op.doc.length).toBeGreaterThan(10);
      expect(op.doc).not.toMatch(/with the specific parameters/);
    }
  });

  it('matches the spec: method, path, placeholders, clientToken and response', () => {
    for (const op of operations) {
      const s = specByName.get(op.name)!;
      expect(op.method, op.name).toBe(s.method);
      expect(op.path, op.name).toBe(s.path);
      expect(op.group, op.name).toBe(s.group);
      expect(
        op.pathParams.map((p) => [p.name, p.arg]),
        op.name,
      ).toEqual(s.pathParams.map((p) => [p.name, p.from]));
      expect(
        [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
        op.name,
      ).toEqual(op.pathParams.map((p) => p.name));
      expect(op.clientToken, op.name).toBe(s.clientToken.sent);
      expect(op.response, op.name).toBe(s.response);
    }
  });

  it('method names are the Go names in lowerCamelCase and exist on BecClient', () => {
    const client = new BecClient({
      endpoint: 'http://127.0.0.1:1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    for (const op of operations) {
      expect(op.clientMethod).toBe(op.name.charAt(0).toLowerCase() + op.name.slice(1));
      expect(typeof (client as unknown as Record<string, unknown>)[op.clientMethod], op.clientMethod).toBe('function');
    }
    expect(new Set(operations.map((o) => o.clientMethod)).size).toBe(115);
  });

  it('every schema, body model and enum the table names exists', () => {
    for (const op of operations) {
      if (op.inputSchema) expect(modelSchemas[op.inputSchema], op.name).toBeDefined();
      if (op.body?.kind === 'object') expect(modelSchemas[op.body.model], op.name).toBeDefined();
      if (op.body?.kind === 'array' && op.body.items !== 'string') expect(modelSchemas[op.body.items]).toBeDefined();
      for (const p of op.pathParams) if (p.enum) expect(enumValues[p.enum], `${op.name}.${p.arg}`).toBeDefined();
      for (const q of op.query) {
        if (q.source === 'input')
          expect(
            modelSchemas[op.inputSchema!]!.some((f) => f[0] === q.field),
            `${op.name} ${q.key}`,
          ).toBe(true);
        if (q.source === 'path')
          expect(
            op.pathParams.some((p) => p.arg === q.field),
            `${op.name} ${q.key}`,
          ).toBe(true);
      }
      expect(op.input === 'none', op.name).toBe(
        op.inputSchema === undefined &&
          op.body === undefined &&
          !op.query.some((q) => q.source === 'input' || q.source === 'array'),
      );
    }
  });

  it('every generated method has TSDoc: a summary, the HTTP call and, where one exists, the BEC API page', () => {
    const source = readFileSync(new URL('../src/generated/client.ts', import.meta.url), 'utf8');
    for (const op of operations) {
      const match = new RegExp(`/\\*\\*\\n((?:   \\*.*\\n)+)   \\*/\\n  ${op.clientMethod}\\(`).exec(source);
      expect(match, op.clientMethod).not.toBeNull();
      const doc = match![1]!.split('\n').map((l) => l.replace(/^ {3}\* ?/, ''));
      expect(doc[0], op.clientMethod).toBe(`${SUMMARIES[op.name]}.`);
      expect(doc[1], op.clientMethod).toBe('');
      expect(doc[2], op.clientMethod).toContain(`\`${op.method} ${op.path}\``);
      const page = DOC_PAGES[op.name];
      if (page) expect(doc, op.clientMethod).toContain(`@see ${page}`);
      else
        expect(
          doc.some((l) => l.startsWith('@see https://')),
          op.clientMethod,
        ).toBe(false);
      expect(doc, op.clientMethod).toContain(`@see Go SDK: \`Client.${op.name}\``);
      for (const p of op.pathParams)
        expect(
          doc.some((l) => l.startsWith(`@param ${p.arg} - `)),
          op.clientMethod,
        ).toBe(true);
    }
    for (const url of Object.values(DOC_PAGES)) expect(url).toMatch(/^https:\/\/cloud\.baidu\.com\/doc\/BEC\/s\/\w+$/);
    expect(Object.keys(SUMMARIES).sort()).toEqual(operations.map((o) => o.name).sort());
  });
});

describe('client.call never throws synchronously', () => {
  it('an unknown operation or missing params is a rejection', async () => {
    const client = new BecClient({
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
    });
    const call = client.call as unknown as (op: string, params?: unknown) => Promise<unknown>;
    let unknownOp: Promise<unknown> | undefined;
    expect(() => {
      unknownOp = call.call(client, 'NoSuchOperation', {});
    }).not.toThrow();
    await expect(unknownOp).rejects.toThrow(/unknown operation NoSuchOperation/);
    let noParams: Promise<unknown> | undefined;
    expect(() => {
      noParams = call.call(client, 'GetVmServiceDetail', undefined);
    }).not.toThrow();
    await expect(noParams).rejects.toThrow();
    client.close();
  });
});
