/**
 * Generates the SDK's operation table, model types, runtime schemas, enums and client methods
 * from spec/bec-api.json. Re-runnable: `npm run generate`. Output goes to packages/sdk/src/generated.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inputRules } from '../packages/sdk/src/validation/rules.js';
import { emitFiles } from './generate/output.js';
import { DOC_PAGES, SUMMARIES } from './operation-docs.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(root, 'packages/sdk/src/generated');
const spec = JSON.parse(readFileSync(resolve(root, 'spec/bec-api.json'), 'utf8')) as Spec;

interface SpecField {
  field: string | null;
  json: string | null;
  type: string;
  goType?: string;
  enum?: string;
  optional: boolean;
  omitempty?: boolean;
  pointer?: boolean;
  nullable?: boolean;
  comment?: string;
  viaEmbedded?: boolean;
}
interface SpecModel {
  name: string;
  kind: string;
  usage: string[];
  definedAs?: string;
  embeds?: string[];
  fields: SpecField[];
  jsonFields?: SpecField[];
}
interface SpecQuery {
  name: string;
  from: string;
  type: 'string' | 'int' | 'bool' | 'flag';
  sentWhen: 'non-empty' | 'non-zero' | 'always';
  enum?: string;
  note?: string;
}
interface SpecOperation {
  name: string;
  group: string;
  resource?: string;
  goParams: { name: string; goType: string }[];
  method: string;
  path: string;
  pathParams: { name: string; from: string; type: string; enum?: string; sdkValidatesNonEmpty: boolean }[];
  query: SpecQuery[];
  body: null | { model: string; kind: 'object' | 'bareArray'; from: string; items?: string };
  clientToken: { sent: boolean; from?: string };
  response: string | null;
  doc: string;
  queryArgsModel?: string;
  notes?: string[];
}
interface SpecEnum {
  name: string;
  values: { name: string; value: string; comment?: string }[];
}
interface Spec {
  operations: SpecOperation[];
  models: SpecModel[];
  enums: SpecEnum[];
}

const models = new Map(spec.models.map((m) => [m.name, m]));
for (const name of [...Object.keys(SUMMARIES), ...Object.keys(DOC_PAGES)]) {
  if (!spec.operations.some((o) => o.name === name)) throw new Error(`operation-docs.ts: no operation ${name}`);
}
const enumNames = new Set(spec.enums.map((e) => e.name));

function lowerCamel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function constKey(value: string): string {
  const key = value
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
  return /^[0-9]/.test(key) ? `_${key}` : key;
}

/** The fields of a model as they appear in JSON (embedded structs flattened). */
function jsonFieldsOf(model: SpecModel): SpecField[] {
  if (model.kind === 'definedType' && model.definedAs) return jsonFieldsOf(models.get(model.definedAs)!);
  if (model.jsonFields) {
    // jsonFields carries the flattened view; recover type details from the declaring struct.
    return model.jsonFields.map((jf) => {
      const own = model.fields.find((f) => f.json === jf.json);
      if (own) return own;
      for (const embedded of model.embeds ?? []) {
        const found = jsonFieldsOf(models.get(embedded)!).find((f) => f.json === jf.json);
        if (found) return found;
      }
      return jf;
    });
  }
  return model.fields.filter((f) => f.json !== null);
}

function tsType(type: string, enumName?: string): string {
  if (enumName && enumNames.has(enumName)) return enumName;
  if (type.startsWith('array of ')) {
    const inner = tsType(type.slice('array of '.length));
    return /[ |]/.test(inner) ? `Array<${inner}>` : `${inner}[]`;
  }
  if (type.startsWith('map of string to ')) return `Record<string, ${tsType(type.slice('map of string to '.length))}>`;
  switch (type) {
    case 'string':
      return 'string';
    case 'int':
    case 'int64':
    case 'float64':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'any':
      return 'unknown';
    default:
      if (!models.has(type)) throw new Error(`unknown type ${type}`);
      return type;
  }
}

function docComment(lines: string[], indent = ''): string {
  // Blank lines are kept between paragraphs (TSDoc: the first paragraph is the summary).
  const clean = lines.map((l) => l.replace(/\*\//g, '* /'));
  while (clean.length > 0 && clean[0] === '') clean.shift();
  while (clean.length > 0 && clean[clean.length - 1] === '') clean.pop();
  if (clean.length === 0) return '';
  if (clean.length === 1) return `${indent}/** ${clean[0]} */\n`;
  return `${indent}/**\n${clean.map((l) => `${indent} * ${l}`).join('\n')}\n${indent} */\n`;
}

/** The documented rule of a request field (validation/rules.ts), as a doc line. */
function ruleNote(schema: string, json: string, extraSchemas: readonly string[] = []): string[] {
  for (const name of [schema, ...extraSchemas]) {
    const rule = inputRules.fieldRules[`${name}.${json}`];
    if (rule) return [`Checked before sending: must be ${rule.rule}.`];
  }
  const bare = inputRules.fieldRules[json];
  return bare && json !== 'clientToken' ? [`Checked before sending: must be ${bare.rule}.`] : [];
}

const header = '// Generated by scripts/generate.ts from spec/bec-api.json. Do not edit by hand.\n';

// ---------------------------------------------------------------- enums
let enumsOut = header;
for (const e of spec.enums) {
  enumsOut += `\n/** Values of the BEC \`${e.name}\` enum. */\nexport const ${e.name} = {\n`;
  for (const v of e.values) {
    enumsOut += `${v.comment ? `  /** ${v.comment.replace(/\*\//g, '')} */\n` : ''}  ${constKey(v.value)}: '${v.value}',\n`;
  }
  enumsOut += '} as const;\n';
  if (inputRules.closedEnums.has(e.name)) {
    enumsOut += `/** A \`${e.name}\` value; the set is closed: other values are rejected before sending. */\n`;
    enumsOut += `export type ${e.name} = (typeof ${e.name})[keyof typeof ${e.name}];\n`;
  } else {
    enumsOut += `/** A \`${e.name}\` value; other strings are accepted for values added after this release. */\n`;
    enumsOut += `export type ${e.name} = (typeof ${e.name})[keyof typeof ${e.name}] | (string & {});\n`;
  }
}
enumsOut += `\n/** Every enum's known values, by enum name. */\nexport const enumValues: Readonly<Record<string, readonly string[]>> = {\n`;
for (const e of spec.enums) enumsOut += `  ${e.name}: [${e.values.map((v) => `'${v.value}'`).join(', ')}],\n`;
enumsOut += '};\n';

// ---------------------------------------------------------------- models
function isRequestModel(m: SpecModel): boolean {
  return m.usage.some((u) => u === 'requestBody' || u === 'queryArgs' || u === 'unused' || u === 'internal');
}

let modelsOut = `${header}import type { ${[...enumNames].join(', ')} } from './enums.js';\n`;
for (const m of spec.models) {
  if (m.kind === 'internalHelper') continue;
  if (m.kind === 'definedType') {
    modelsOut += `\n/** Same shape as {@link ${m.definedAs}}. */\nexport type ${m.name} = ${m.definedAs};\n`;
    continue;
  }
  const request = isRequestModel(m);
  const required = new Set(inputRules.requiredFields[m.name] ?? []);
  modelsOut += `\n/** BEC model \`${m.name}\` (${m.usage.join(', ')}). */\nexport interface ${m.name} {\n`;
  for (const f of jsonFieldsOf(m)) {
    let t = tsType(f.type, f.enum);
    const optional = request ? !required.has(f.json!) : f.optional;
    if (f.nullable || (!request && f.pointer)) t = `${t} | null`;
    const note = [...(f.comment ? [f.comment] : []), ...(request ? ruleNote(m.name, f.json!) : [])];
    modelsOut += docComment(note, '  ');
    modelsOut += `  ${f.json}${optional ? '?' : ''}: ${t};\n`;
  }
  modelsOut += '}\n';
}

// ---------------------------------------------------------------- schemas (runtime)
// A field is [jsonName, type, flags, enum?]; flags: 1 omitempty, 2 pointer, 4 nullable.
function fieldTuple(f: SpecField): string {
  const flags = (f.omitempty ? 1 : 0) | (f.pointer ? 2 : 0) | (f.nullable ? 4 : 0);
  const parts = [`'${f.json}'`, `'${f.type}'`, String(flags)];
  if (f.enum) parts.push(`'${f.enum}'`);
  return `[${parts.join(', ')}]`;
}

const schemaEntries: string[] = [];
for (const m of spec.models) {
  if (m.kind === 'internalHelper') continue;
  schemaEntries.push(`  ${m.name}: [${jsonFieldsOf(m).map(fieldTuple).join(', ')}],`);
}

// ---------------------------------------------------------------- operations
interface QueryEntry {
  key: string;
  source: 'input' | 'path' | 'constant' | 'array';
  field?: string;
  type: string;
  sentWhen: string;
}

const inputInterfaces: string[] = [];
const inputSchemas: string[] = [];
const opEntries: string[] = [];
const methods: string[] = [];
const modelImports = new Set<string>();
const inputTypeNames = new Set<string>();

for (const op of spec.operations) {
  const method = lowerCamel(op.name);
  const pathArgNames = op.pathParams.map((p) => p.from);
  const structParam = op.goParams.find((p) => p.goType.startsWith('*api.'));
  const queryModel = op.queryArgsModel ? models.get(op.queryArgsModel) : undefined;
  const scalarParams = op.goParams.filter(
    (p) =>
      !pathArgNames.includes(p.name) &&
      p.name !== 'clientToken' &&
      !p.goType.startsWith('*api.') &&
      !p.goType.startsWith('*[]') &&
      !p.goType.startsWith('[]'),
  );

  // query entries
  const query: QueryEntry[] = [];
  const queryInputFields: SpecField[] = [];
  for (const q of op.query) {
    if (q.type === 'flag') {
      query.push({ key: q.name, source: 'constant', type: 'flag', sentWhen: 'always' });
    } else if (q.from.startsWith('args (elements')) {
      query.push({ key: q.name, source: 'array', type: 'string', sentWhen: q.sentWhen });
    } else if (pathArgNames.includes(q.from)) {
      query.push({ key: q.name, source: 'path', field: q.from, type: q.type, sentWhen: q.sentWhen });
    } else if (q.from.includes('.')) {
      const goField = q.from.split('.')[1]!;
      const f = jsonFieldsOf(queryModel!).find((x) => x.field === goField);
      if (!f) throw new Error(`${op.name}: no field ${goField} in ${op.queryArgsModel}`);
      query.push({ key: q.name, source: 'input', field: f.json!, type: q.type, sentWhen: q.sentWhen });
      const enumName = f.enum ?? q.enum;
      queryInputFields.push(enumName ? { ...f, enum: enumName } : f);
    } else {
      const goType = op.goParams.find((p) => p.name === q.from)!.goType;
      const enumName = goType.startsWith('api.') ? goType.slice(4) : q.enum;
      const type = q.type === 'int' ? 'int' : q.type === 'bool' ? 'bool' : 'string';
      query.push({ key: q.name, source: 'input', field: q.from, type: q.type, sentWhen: q.sentWhen });
      queryInputFields.push({
        field: q.from,
        json: q.from,
        type,
        optional: true,
        omitempty: true,
        ...(enumName && enumNames.has(enumName) ? { enum: enumName } : {}),
      });
    }
  }
  for (const s of scalarParams) {
    if (!queryInputFields.some((f) => f.json === s.name)) throw new Error(`${op.name}: scalar ${s.name} not in query`);
  }

  // input shape
  let input: 'none' | 'object' | 'array' = 'none';
  let inputType = '';
  let inputSchema = '';
  let body = 'undefined';
  const required = inputRules.requiredFields[`${op.name}Input`] ?? [];
  if (op.body?.kind === 'bareArray') {
    input = 'array';
    const items = op.body.items!;
    inputType = `${tsType(items)}[]`;
    if (models.has(items)) modelImports.add(items);
    body = `{ kind: 'array', items: '${items}' }`;
  } else if (op.body?.kind === 'object') {
    input = 'object';
    body = `{ kind: 'object', model: '${op.body.model}' }`;
    modelImports.add(op.body.model);
    if (queryInputFields.length === 0 && required.length === 0) {
      inputType = op.body.model;
      inputSchema = op.body.model;
    } else if (queryInputFields.length === 0) {
      // A body model shared by several operations, with fields that only this one requires
      // (CreateDeploySet requires the name; UpdateDeploySet sends the same model).
      const bodyFields = jsonFieldsOf(models.get(op.body.model)!);
      for (const r of required) {
        if (!bodyFields.some((f) => f.json === r))
          throw new Error(`${op.name}Input: no field ${r} in ${op.body.model}`);
      }
      inputType = `${op.name}Input`;
      inputSchema = inputType;
      inputTypeNames.add(inputType);
      inputInterfaces.push(
        `/** Input of \`${method}\`: {@link ${op.body.model}} with the fields this call requires. */\nexport interface ${inputType} extends ${op.body.model} {\n${bodyFields
          .filter((f) => required.includes(f.json!))
          .map((f) => `  ${f.json}: ${tsType(f.type, f.enum)};\n`)
          .join('')}}\n`,
      );
      inputSchemas.push(`  ${inputType}: [${bodyFields.map(fieldTuple).join(', ')}],`);
    } else {
      const bodyFields = jsonFieldsOf(models.get(op.body.model)!);
      for (const q of queryInputFields) {
        if (bodyFields.some((f) => f.json === q.json)) throw new Error(`${op.name}: ${q.json} is both query and body`);
      }
      inputType = `${op.name}Input`;
      inputSchema = inputType;
      inputTypeNames.add(inputType);
      inputInterfaces.push(
        `/** Input of \`${method}\`: the body fields of {@link ${op.body.model}} plus query parameters. */\nexport interface ${inputType} extends ${op.body.model} {\n${queryInputFields
          .map(
            (f) =>
              `${docComment(ruleNote(inputType, f.json!), '  ')}  ${f.json}${required.includes(f.json!) ? '' : '?'}: ${tsType(f.type, f.enum)};\n`,
          )
          .join('')}}\n`,
      );
      inputSchemas.push(
        `  ${inputType}: [${[...bodyFields, ...queryInputFields.map((f) => ({ ...f, omitempty: true }))].map(fieldTuple).join(', ')}],`,
      );
    }
  } else if (op.query.some((q) => q.from.startsWith('args (elements'))) {
    input = 'array';
    inputType = 'string[]';
  } else if (queryInputFields.length > 0) {
    input = 'object';
    inputType = `${op.name}Input`;
    inputSchema = inputType;
    inputTypeNames.add(inputType);
    const source = queryModel ? `the fields of Go's \`${queryModel.name}\` that this call sends` : 'query parameters';
    inputInterfaces.push(
      `/** Input of \`${method}\`: ${source}. */\nexport interface ${inputType} {\n${queryInputFields
        .map(
          (f) =>
            `${docComment(ruleNote(inputType, f.json!), '  ')}  ${f.json}${required.includes(f.json!) ? '' : '?'}: ${tsType(f.type, f.enum)};\n`,
        )
        .join('')}}\n`,
    );
    inputSchemas.push(
      `  ${inputType}: [${queryInputFields.map((f) => fieldTuple({ ...f, omitempty: true })).join(', ')}],`,
    );
  }
  void structParam;

  const inputRequired = input !== 'none' && (op.body !== null || input === 'array' || required.length > 0);
  const response = op.response;
  let resultType = 'BecEmptyResult';
  if (response) {
    if (response.startsWith('array of ')) {
      const item = response.slice('array of '.length);
      modelImports.add(item);
      resultType = `BecArrayResult<${item}>`;
    } else {
      modelImports.add(response);
      resultType = `BecResult<${response}>`;
    }
  }

  const entry = [
    `name: '${op.name}'`,
    `clientMethod: '${method}'`,
    `group: '${op.group}'`,
    ...(op.resource ? [`resource: '${op.resource}'`] : []),
    `method: '${op.method}'`,
    `path: '${op.path}'`,
    `pathParams: [${op.pathParams.map((p) => `{ name: '${p.name}', arg: '${p.from}'${p.enum ? `, enum: '${p.enum}'` : ''} }`).join(', ')}]`,
    `input: '${input}'`,
    `inputRequired: ${inputRequired}`,
    ...(inputSchema ? [`inputSchema: '${inputSchema}'`] : []),
    `query: [${query
      .map(
        (q) =>
          `{ key: '${q.key}', source: '${q.source}'${q.field ? `, field: '${q.field}'` : ''}, type: '${q.type}', sentWhen: '${q.sentWhen}' }`,
      )
      .join(', ')}]`,
    `body: ${body}`,
    `clientToken: ${op.clientToken.sent}`,
    `response: ${response ? `'${response}'` : 'null'}`,
    `doc: ${JSON.stringify(SUMMARIES[op.name] ?? op.doc)}`,
  ];
  opEntries.push(`  { ${entry.join(', ')} },`);

  // client method
  const params: string[] = op.pathParams.map((p) => {
    const goType = op.goParams.find((g) => g.name === p.from)?.goType ?? 'string';
    const enumName = goType.startsWith('api.') ? goType.slice(4) : p.enum;
    return `${p.from}: ${enumName && enumNames.has(enumName) ? enumName : 'string'}`;
  });
  if (input !== 'none') params.push(`input${inputRequired ? '' : '?'}: ${inputType}`);
  params.push('options?: RequestOptions');
  const summary = SUMMARIES[op.name];
  if (!summary) throw new Error(`${op.name}: no summary in scripts/operation-docs.ts`);
  const pathDocs = op.pathParams.map((p) => `@param ${p.from} - the \`{${p.name}}\` path segment`);
  const notes = (op.notes ?? [])
    .filter((n) => !/valid|Go |godoc|nil|argument|panic|positional|sic/i.test(n))
    .slice(0, 2);
  const docLines = [
    `${summary}.`,
    '',
    `\`${op.method} ${op.path}\`${op.clientToken.sent ? ' — idempotent through `clientToken` (generated when not given)' : ''}.`,
    ...notes.map((n) => `Note: ${n}`),
    ...pathDocs,
    ...(input !== 'none'
      ? [
          `@param input - ${input === 'array' ? 'the IDs or items to send' : 'the request fields, keyed by their JSON names'}`,
        ]
      : []),
    '@param options - per-call options (signal, timeouts, retries, clientToken)',
    ...(DOC_PAGES[op.name] ? [`@see ${DOC_PAGES[op.name]}`] : []),
    `@see Go SDK: \`Client.${op.name}\``,
  ];
  const args = [
    `'${op.name}'`,
    `[${op.pathParams.map((p) => p.from).join(', ')}]`,
    input !== 'none' ? 'input' : 'undefined',
    'options',
  ];
  methods.push(
    `${docComment(docLines, '  ').replace(/ \* \n/g, ' *\n')}  ${method}(${params.join(', ')}): Promise<${resultType}> {\n    return this.invoke(${args.join(', ')}) as Promise<${resultType}>;\n  }\n`,
  );
}

/** JSON text in a template literal, one entry a line (JSON.parse ignores the line breaks). */
function jsonTemplate(value: Record<string, unknown>): string {
  const lines = Object.entries(value).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `\`{\n${lines.join(',\n').replace(/[\\`]|\$\{/g, (c) => `\\${c}`)}\n}\``;
}

// Emitted as JSON text: JSON.parse of one string is much cheaper at import than an object literal of this size.
const schemaObject = new Function(`return {\n${schemaEntries.join('\n')}\n${inputSchemas.join('\n')}\n};`)() as Record<
  string,
  unknown
>;
let schemasOut = `${header}import type { ModelSchemas } from '../internal/schema.js';\n\n/** Runtime field lists of every model: [jsonKey, type, flags (1 omitempty, 2 pointer, 4 nullable), enum?]. */\nexport const modelSchemas: ModelSchemas = JSON.parse(${jsonTemplate(schemaObject)});\n`;
schemasOut = schemasOut.replace(/\n\n\n/g, '\n\n');

const operationsOut = `${header}import type { OperationSpec } from '../internal/operation.js';\n\n/** Every BEC operation of the official Go SDK, as data. */\nexport const operations: readonly OperationSpec[] = [\n${opEntries.join('\n')}\n];\n`;

const inputsOut = `${header}import type { ${[...enumNames].join(', ')} } from './enums.js';\nimport type { ${[...new Set(spec.operations.filter((o) => o.body?.kind === 'object').map((o) => o.body!.model))].sort().join(', ')} } from './models.js';\n\n${inputInterfaces.join('\n')}`;

const clientOut = `${header}import type { ${[...enumNames].join(', ')} } from './enums.js';
import { BecClientBase } from '../core/client-base.js';
import type { RequestOptions } from '../core/options.js';
import type { BecArrayResult, BecEmptyResult, BecResult } from '../core/result.js';
import type { ${[...inputTypeNames].sort().join(', ')} } from './inputs.js';
import type { ${[...modelImports].sort().join(', ')} } from './models.js';

/**
 * One method per operation of the official Go SDK, named in lowerCamelCase. Path IDs come
 * first, then one input object (or array), then {@link RequestOptions}. Use {@link BecClient},
 * which adds paginators and waiters.
 */
export class BecOperations extends BecClientBase {
${methods.join('\n')}}
`;

const outputs = new Map<string, string>([
  [resolve(outDir, 'enums.ts'), enumsOut],
  [resolve(outDir, 'models.ts'), modelsOut],
  [resolve(outDir, 'schemas.ts'), schemasOut],
  [resolve(outDir, 'operations.ts'), operationsOut],
  [resolve(outDir, 'inputs.ts'), inputsOut],
  [resolve(outDir, 'operations-client.ts'), clientOut],
]);
const check = process.argv.includes('--check');
const changed = emitFiles(outputs, root, check);
if (check && changed.length > 0) {
  console.error(`generated code is out of date (run npm run generate): ${changed.join(', ')}`);
  process.exit(1);
}
console.log(
  `${check ? 'checked' : 'generated'} ${spec.operations.length} operations, ${spec.models.length} models, ${spec.enums.length} enums${changed.length > 0 ? ` (${changed.length} files written)` : ''}`,
);
