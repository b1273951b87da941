/**
 * Startup check that a schema describes JSON: kinds that have no JSON form (dates, functions,
 * bigints, ...) fail with a message naming the route, instead of misbehaving per request.
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import { unsupportedSchema } from './errors.js';

const NOT_JSON = new Set([
  'Date',
  'Function',
  'Constructor',
  'Promise',
  'Symbol',
  'BigInt',
  'Undefined',
  'Void',
  'Iterator',
  'AsyncIterator',
  'Uint8Array',
  'RegExp',
]);

const HINTS: Record<string, string> = {
  Date: 'Use t.String({ format: "date-time" }): Date values are written as ISO strings.',
  BigInt: 'Use t.Integer() or t.String() for large integers.',
};

/** Throws a SchemaError naming `where` when `schema` contains a kind with no JSON form. */
export function assertJsonSchema(schema: TSchema, where: string): void {
  const kind = String(schema[Kind]);
  if (NOT_JSON.has(kind)) throw unsupportedSchema(where, kind, HINTS[kind] ?? 'Use JSON kinds only.');
  for (const key of ['items', 'additionalProperties', 'not'] as const) {
    const child = schema[key];
    if (child && typeof child === 'object') assertJsonSchema(child as TSchema, where);
  }
  for (const key of ['anyOf', 'allOf', 'oneOf', 'prefixItems'] as const) {
    const list = schema[key];
    if (Array.isArray(list)) for (const child of list) assertJsonSchema(child as TSchema, where);
  }
  if (schema.properties && typeof schema.properties === 'object') {
    for (const child of Object.values(schema.properties as Record<string, TSchema>))
      assertJsonSchema(child, where);
  }
}
