/**
 * Reads one operation of the contract into a plan: its query parameters, the shape and type of
 * its input, its result type. The emitters (table, inputs, client) work from plans only.
 */

import type { OperationOverlay } from '../../packages/sdk/overlay/operations.js';
import { inputRules } from '../../packages/sdk/src/validation/rules.js';
import { fieldTuple } from './models.js';
import { type Contract, docComment, lowerCamel, ruleNote, type SpecField, type SpecOperation } from './spec.js';

export interface QueryEntry {
  key: string;
  source: 'input' | 'path' | 'constant' | 'array';
  field?: string;
  type: string;
  sentWhen: string;
}

export interface OperationPlan {
  readonly op: SpecOperation;
  readonly overlay: OperationOverlay;
  /** The client method, e.g. `createVmService`. */
  readonly method: string;
  readonly query: readonly QueryEntry[];
  readonly pathParams: ReadonlyArray<{ name: string; arg: string; type: string; enum?: string }>;
  readonly input: 'none' | 'object' | 'array';
  /** The TypeScript type of the input ('' without one). */
  readonly inputType: string;
  /** The schema (in modelSchemas) that checks the input object ('' without one). */
  readonly inputSchema: string;
  readonly inputRequired: boolean;
  readonly body: string;
  readonly resultType: string;
}

/** Input interfaces and schemas that no model provides, collected while planning. */
export interface InputTypes {
  readonly interfaces: string[];
  readonly schemas: Map<string, unknown[][]>;
  readonly names: Set<string>;
  readonly models: Set<string>;
}

/** The query parameters of `op`, and the input fields they read. */
function planQuery(c: Contract, op: SpecOperation): { query: QueryEntry[]; fields: SpecField[] } {
  const pathArgNames = op.pathParams.map((p) => p.from);
  const queryModel = op.queryArgsModel ? c.model(op.queryArgsModel) : undefined;
  const query: QueryEntry[] = [];
  const fields: SpecField[] = [];
  for (const q of op.query) {
    if (q.type === 'flag') {
      query.push({ key: q.name, source: 'constant', type: 'flag', sentWhen: 'always' });
    } else if (q.from.startsWith('args (elements')) {
      query.push({ key: q.name, source: 'array', type: 'string', sentWhen: q.sentWhen });
    } else if (pathArgNames.includes(q.from)) {
      query.push({ key: q.name, source: 'path', field: q.from, type: q.type, sentWhen: q.sentWhen });
    } else if (q.from.includes('.')) {
      const goField = q.from.split('.')[1]!;
      const f = c.jsonFieldsOf(queryModel!).find((x) => x.field === goField);
      if (!f) throw new Error(`${op.name}: no field ${goField} in ${op.queryArgsModel}`);
      query.push({ key: q.name, source: 'input', field: f.json!, type: q.type, sentWhen: q.sentWhen });
      const enumName = f.enum ?? q.enum;
      fields.push(enumName ? { ...f, enum: enumName } : f);
    } else {
      const goType = op.goParams.find((p) => p.name === q.from)!.goType;
      const enumName = goType.startsWith('api.') ? goType.slice(4) : q.enum;
      const type = q.type === 'int' ? 'int' : q.type === 'bool' ? 'bool' : 'string';
      query.push({ key: q.name, source: 'input', field: q.from, type: q.type, sentWhen: q.sentWhen });
      fields.push({
        field: q.from,
        json: q.from,
        type,
        optional: true,
        omitempty: true,
        ...(enumName && c.enumNames.has(enumName) ? { enum: enumName } : {}),
      });
    }
  }
  const scalarParams = op.goParams.filter(
    (p) =>
      !pathArgNames.includes(p.name) &&
      p.name !== 'clientToken' &&
      !p.goType.startsWith('*api.') &&
      !p.goType.startsWith('*[]') &&
      !p.goType.startsWith('[]'),
  );
  for (const s of scalarParams) {
    if (!fields.some((f) => f.json === s.name)) throw new Error(`${op.name}: scalar ${s.name} not in query`);
  }
  return { query, fields };
}

function fieldLines(c: Contract, fields: readonly SpecField[], inputType: string, required: readonly string[]): string {
  return fields
    .map(
      (f) =>
        `${docComment(ruleNote(inputType, f.json!), '  ')}  ${f.json}${required.includes(f.json!) ? '' : '?'}: ${c.tsType(f.type, f.enum)};\n`,
    )
    .join('');
}

/** Input type, schema and body of an operation that sends a JSON object. */
function planObjectBody(c: Contract, op: SpecOperation, queryFields: SpecField[], types: InputTypes) {
  const model = op.body!.model;
  const method = lowerCamel(op.name);
  const required = inputRules.requiredFields[`${op.name}Input`] ?? [];
  types.models.add(model);
  const body = `{ kind: 'object', model: '${model}' }`;
  if (queryFields.length === 0 && required.length === 0) return { inputType: model, inputSchema: model, body };
  const inputType = `${op.name}Input`;
  const bodyFields = c.jsonFieldsOf(c.model(model));
  types.names.add(inputType);
  if (queryFields.length === 0) {
    // A body model shared by several operations, with fields that only this one requires
    // (CreateDeploySet requires the name; UpdateDeploySet sends the same model).
    for (const r of required) {
      if (!bodyFields.some((f) => f.json === r)) throw new Error(`${inputType}: no field ${r} in ${model}`);
    }
    const own = bodyFields.filter((f) => required.includes(f.json!));
    types.interfaces.push(
      `/** Input of \`${method}\`: {@link ${model}} with the fields this call requires. */\nexport interface ${inputType} extends ${model} {\n${own.map((f) => `  ${f.json}: ${c.tsType(f.type, f.enum)};\n`).join('')}}\n`,
    );
    types.schemas.set(inputType, bodyFields.map(fieldTuple));
    return { inputType, inputSchema: inputType, body };
  }
  for (const q of queryFields) {
    if (bodyFields.some((f) => f.json === q.json)) throw new Error(`${op.name}: ${q.json} is both query and body`);
  }
  types.interfaces.push(
    `/** Input of \`${method}\`: the body fields of {@link ${model}} plus query parameters. */\nexport interface ${inputType} extends ${model} {\n${fieldLines(c, queryFields, inputType, required)}}\n`,
  );
  types.schemas.set(inputType, [...bodyFields, ...queryFields.map((f) => ({ ...f, omitempty: true }))].map(fieldTuple));
  return { inputType, inputSchema: inputType, body };
}

function resultTypeOf(op: SpecOperation, types: InputTypes): string {
  const response = op.response;
  if (!response) return 'BecEmptyResult';
  if (response.startsWith('array of ')) {
    const item = response.slice('array of '.length);
    types.models.add(item);
    return `BecArrayResult<${item}>`;
  }
  types.models.add(response);
  return `BecResult<${response}>`;
}

function pathParamsOf(c: Contract, op: SpecOperation): OperationPlan['pathParams'] {
  return op.pathParams.map((p) => {
    const goType = op.goParams.find((g) => g.name === p.from)?.goType ?? 'string';
    const enumName = goType.startsWith('api.') ? goType.slice(4) : p.enum;
    return {
      name: p.name,
      arg: p.from,
      type: enumName && c.enumNames.has(enumName) ? enumName : 'string',
      ...(p.enum ? { enum: p.enum } : {}),
    };
  });
}

export function planOperation(
  c: Contract,
  op: SpecOperation,
  overlay: OperationOverlay,
  types: InputTypes,
): OperationPlan {
  const { query, fields } = planQuery(c, op);
  const required = inputRules.requiredFields[`${op.name}Input`] ?? [];
  let input: OperationPlan['input'] = 'none';
  let shape = { inputType: '', inputSchema: '', body: 'undefined' };
  if (op.body?.kind === 'bareArray') {
    input = 'array';
    const items = op.body.items!;
    if (c.models.has(items)) types.models.add(items);
    shape = { inputType: `${c.tsType(items)}[]`, inputSchema: '', body: `{ kind: 'array', items: '${items}' }` };
  } else if (op.body?.kind === 'object') {
    input = 'object';
    shape = planObjectBody(c, op, fields, types);
  } else if (op.query.some((q) => q.from.startsWith('args (elements'))) {
    input = 'array';
    shape = { inputType: 'string[]', inputSchema: '', body: 'undefined' };
  } else if (fields.length > 0) {
    input = 'object';
    const inputType = `${op.name}Input`;
    types.names.add(inputType);
    const queryModel = op.queryArgsModel ? c.model(op.queryArgsModel) : undefined;
    const source = queryModel ? `the fields of Go's \`${queryModel.name}\` that this call sends` : 'query parameters';
    types.interfaces.push(
      `/** Input of \`${lowerCamel(op.name)}\`: ${source}. */\nexport interface ${inputType} {\n${fieldLines(c, fields, inputType, required)}}\n`,
    );
    types.schemas.set(
      inputType,
      fields.map((f) => fieldTuple({ ...f, omitempty: true })),
    );
    shape = { inputType, inputSchema: inputType, body: 'undefined' };
  }
  return {
    op,
    overlay,
    method: lowerCamel(op.name),
    query,
    pathParams: pathParamsOf(c, op),
    input,
    ...shape,
    inputRequired: input !== 'none' && (op.body !== null || input === 'array' || required.length > 0),
    resultType: resultTypeOf(op, types),
  };
}
