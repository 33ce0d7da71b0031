import { goEncodeModel, goEncodeValue, goJsonText, modelSchemas, type OperationSpec } from 'bec-sdk/spec';

const SCALARS = new Set(['string', 'int', 'int64', 'float64', 'bool', 'any']);

/** model -> JSON key -> field type, built once per model. */
const fieldTypes = new Map<string, Map<string, string>>();

function fieldsOf(model: string): Map<string, string> | undefined {
  let fields = fieldTypes.get(model);
  if (!fields) {
    const schema = modelSchemas[model];
    if (!schema) return undefined;
    fields = new Map(schema.map((f) => [f[0], f[1]]));
    fieldTypes.set(model, fields);
  }
  return fields;
}

/** A shape problem; `at` collects the path while the check unwinds (built only on failure). */
class ShapeError extends Error {
  at = '';
}

function within<T>(segment: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ShapeError) err.at = `${segment}${err.at}`;
    throw err;
  }
}

function check(model: string, value: unknown): void {
  if (value === null || value === undefined) return;
  if (model.startsWith('array of ')) {
    if (!Array.isArray(value)) throw new ShapeError('must be an array');
    const item = model.slice(9);
    for (let i = 0; i < value.length; i++) within(`[${i}]`, () => check(item, value[i]));
    return;
  }
  if (model.startsWith('map of string to ')) {
    const item = model.slice(17);
    for (const [k, v] of Object.entries(value as object)) within(`.${k}`, () => check(item, v));
    return;
  }
  if (SCALARS.has(model)) {
    const ok =
      model === 'any' ||
      (model === 'string' && typeof value === 'string') ||
      (model === 'bool' && typeof value === 'boolean') ||
      ((model === 'int' || model === 'int64') && Number.isInteger(value)) ||
      (model === 'float64' && typeof value === 'number');
    if (!ok) throw new ShapeError(`must be ${model}, got ${JSON.stringify(value)}`);
    return;
  }
  const fields = fieldsOf(model);
  if (!fields) throw new ShapeError(`has unknown model ${model}`);
  if (typeof value !== 'object' || Array.isArray(value)) throw new ShapeError('must be an object');
  for (const key in value as Record<string, unknown>) {
    const type = fields.get(key);
    if (type === undefined) {
      const error = new ShapeError(
        key.startsWith('_') ? 'is an internal field leaked into a response' : `is not a field of ${model}`,
      );
      error.at = `.${key}`;
      throw error;
    }
    const v = (value as Record<string, unknown>)[key];
    if (v !== null && v !== undefined) within(`.${key}`, () => check(type, v));
  }
}

/**
 * Throws when `value` has keys its model does not define (a handler bug: BEC would never send
 * them, and the official SDK would silently drop them) or values of the wrong type.
 */
export function assertShape(model: string, value: unknown, path = model): void {
  try {
    check(model, value);
  } catch (err) {
    if (err instanceof ShapeError) throw new Error(`${path}${err.at} ${err.message}`);
    throw err;
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
