/** Emits the enums, the model types and the runtime schemas of every model. */
import { inputRules } from '../../packages/sdk/src/validation/rules.js';
import { type Contract, constKey, docComment, header, ruleNote, type SpecField, type SpecModel } from './spec.js';

export function emitEnums(contract: Contract): string {
  let out = header;
  for (const e of contract.spec.enums) {
    out += `\n/** Values of the BEC \`${e.name}\` enum. */\nexport const ${e.name} = {\n`;
    for (const v of e.values) {
      out += `${v.comment ? `  /** ${v.comment.replace(/\*\//g, '')} */\n` : ''}  ${constKey(v.value)}: '${v.value}',\n`;
    }
    out += '} as const;\n';
    if (inputRules.closedEnums.has(e.name)) {
      out += `/** A \`${e.name}\` value; the set is closed: other values are rejected before sending. */\n`;
      out += `export type ${e.name} = (typeof ${e.name})[keyof typeof ${e.name}];\n`;
    } else {
      out += `/** A \`${e.name}\` value; other strings are accepted for values added after this release. */\n`;
      out += `export type ${e.name} = (typeof ${e.name})[keyof typeof ${e.name}] | (string & {});\n`;
    }
  }
  return out;
}

function isRequestModel(m: SpecModel): boolean {
  return m.usage.some((u) => u === 'requestBody' || u === 'queryArgs' || u === 'unused' || u === 'internal');
}

export function emitModels(contract: Contract): string {
  let out = `${header}import type { ${[...contract.enumNames].join(', ')} } from './enums.js';\n`;
  for (const m of contract.spec.models) {
    if (m.kind === 'internalHelper') continue;
    if (m.kind === 'definedType') {
      out += `\n/** Same shape as {@link ${m.definedAs}}. */\nexport type ${m.name} = ${m.definedAs};\n`;
      continue;
    }
    const request = isRequestModel(m);
    const required = new Set(inputRules.requiredFields[m.name] ?? []);
    out += `\n/** BEC model \`${m.name}\` (${m.usage.join(', ')}). */\nexport interface ${m.name} {\n`;
    for (const f of contract.jsonFieldsOf(m)) {
      let t = contract.tsType(f.type, f.enum);
      const optional = request ? !required.has(f.json!) : f.optional;
      if (f.nullable || (!request && f.pointer)) t = `${t} | null`;
      const note = [...(f.comment ? [f.comment] : []), ...(request ? ruleNote(m.name, f.json!) : [])];
      out += docComment(note, '  ');
      out += `  ${f.json}${optional ? '?' : ''}: ${t};\n`;
    }
    out += '}\n';
  }
  return out;
}

/** A field as the runtime schema holds it: [jsonName, type, flags, enum?]; flags: 1 omitempty, 2 pointer, 4 nullable. */
export function fieldTuple(f: SpecField): unknown[] {
  const flags = (f.omitempty ? 1 : 0) | (f.pointer ? 2 : 0) | (f.nullable ? 4 : 0);
  return f.enum ? [f.json, f.type, flags, f.enum] : [f.json, f.type, flags];
}

/** JSON text in a template literal, one entry a line (JSON.parse ignores the line breaks). */
function jsonTemplate(value: ReadonlyMap<string, unknown>): string {
  const lines = [...value].map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `\`{\n${lines.join(',\n').replace(/[\\`]|\$\{/g, (c) => `\\${c}`)}\n}\``;
}

/**
 * The runtime schemas of the models and of the generated input types. Emitted as JSON text:
 * JSON.parse of one string is much cheaper at import than an object literal of this size.
 */
export function emitSchemas(contract: Contract, inputSchemas: ReadonlyMap<string, unknown[][]>): string {
  const schemas = new Map<string, unknown>();
  for (const m of contract.spec.models) {
    if (m.kind !== 'internalHelper') schemas.set(m.name, contract.jsonFieldsOf(m).map(fieldTuple));
  }
  for (const [name, fields] of inputSchemas) schemas.set(name, fields);
  return `${header}import type { ModelSchemas } from '../internal/schema.js';

/** Runtime field lists of every model: [jsonKey, type, flags (1 omitempty, 2 pointer, 4 nullable), enum?]. */
export const modelSchemas: ModelSchemas = JSON.parse(${jsonTemplate(schemas)});

/** Every enum's known values, by enum name. */
export const enumValues: Readonly<Record<string, readonly string[]>> = {
${contract.spec.enums.map((e) => `  ${e.name}: [${e.values.map((v) => `'${v.value}'`).join(', ')}],`).join('\n')}
};
`;
}
