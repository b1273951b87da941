/**
 * JSON serializers compiled once per schema with fast-json-stringify, and cached.
 * Properties the schema does not name are dropped, which is what a response model means.
 */
import type { TSchema } from '@sinclair/typebox';
import fastJson from 'fast-json-stringify';
import { assertJsonSchema } from './json-safety.js';

/** Turns a value of the schema's type into its JSON text. */
export type Serializer = (value: unknown) => string;

const cache = new WeakMap<TSchema, Serializer>();

/** Compiles (once, cached by identity) a fast-json-stringify serializer for `schema`. */
export function compileSerializer(schema: TSchema, where = 'response'): Serializer {
  const cached = cache.get(schema);
  if (cached) return cached;
  assertJsonSchema(schema, where);
  const serializer = fastJson(schema as object) as Serializer;
  cache.set(schema, serializer);
  return serializer;
}
