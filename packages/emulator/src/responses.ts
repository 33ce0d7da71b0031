import { goEncodeModel, goEncodeValue, goJsonText, modelSchemas, type OperationSpec } from 'bec-sdk';

const SCALARS = new Set(['string', 'int', 'int64', 'float64', 'bool', 'any']);

/**
 * Throws when `value` has keys its model does not define (a handler bug: BEC would never send
 * them, and the official SDK would silently drop them).
 */
export function assertShape(model: string, value: unknown, path = model): void {
  if (value === null || value === undefined) return;
  if (model.startsWith('array of ')) {
    if (!Array.isArray(value)) throw new Error(`${path} must be an array`);
    const item = model.slice(9);
    value.forEach((v, i) => {
      assertShape(item, v, `${path}[${i}]`);
    });
    return;
  }
  if (model.startsWith('map of string to ')) {
    const item = model.slice(17);
    for (const [k, v] of Object.entries(value as object)) assertShape(item, v, `${path}.${k}`);
    return;
  }
  if (SCALARS.has(model)) {
    const ok =
      model === 'any' ||
      (model === 'string' && typeof value === 'string') ||
      (model === 'bool' && typeof value === 'boolean') ||
      ((model === 'int' || model === 'int64') && Number.isInteger(value)) ||
      (model === 'float64' && typeof value === 'number');
    if (!ok) throw new Error(`${path} must be ${model}, got ${JSON.stringify(value)}`);
    return;
  }
  const schema = modelSchemas[model];
  if (!schema) throw new Error(`unknown model ${model}`);
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${path} must be an object`);
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const field = schema.find((f) => f[0] === key);
    if (!field) {
      if (key.startsWith('_')) throw new Error(`${path}.${key}: internal field leaked into a response`);
      throw new Error(`${path}.${key} is not a field of ${model}`);
    }
    assertShape(field[1], v, `${path}.${key}`);
  }
}

/** The JSON text of a handler's result, encoded like Go would encode the response model. */
export function encodeResponse(op: OperationSpec, result: unknown): string {
  if (op.response === null) {
    if (result !== undefined) throw new Error(`${op.name} has no response model but its handler returned a value`);
    return '';
  }
  if (result === undefined) throw new Error(`${op.name}'s handler returned nothing`);
  assertShape(op.response, result);
  const encoded = op.response.startsWith('array of ')
    ? goEncodeValue(op.response, result)
    : goEncodeModel(op.response, result as Record<string, unknown>);
  return goJsonText(encoded);
}
