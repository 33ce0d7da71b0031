/** Runtime description of a model: [jsonKey, type, flags, enum?] per field. */
export type FieldTuple = readonly [json: string, type: string, flags: number, enumName?: string];
export type ModelSchemas = Readonly<Record<string, readonly FieldTuple[]>>;

export const OMITEMPTY = 1;
export const POINTER = 2;
export const NULLABLE = 4;

const ARRAY = 'array of ';
const MAP = 'map of string to ';

export function isArrayType(type: string): boolean {
  return type.startsWith(ARRAY);
}
export function elementType(type: string): string {
  return type.slice(ARRAY.length);
}
export function isMapType(type: string): boolean {
  return type.startsWith(MAP);
}
export function mapValueType(type: string): string {
  return type.slice(MAP.length);
}
export const SCALAR_TYPES: ReadonlySet<string> = new Set(['string', 'int', 'int64', 'float64', 'bool', 'any']);
