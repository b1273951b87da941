/**
 * JSON serializers compiled once per schema with fast-json-stringify, and cached.
 * Properties the schema does not name are dropped, which is what a response model means.
 */

import { createRequire } from 'node:module';
import type { TSchema } from '@sinclair/typebox';
import { assertJsonSchema } from './json-safety.js';

/** Turns a value of the schema's type into its JSON text. */
export type Serializer = (value: unknown) => string;

const cache = new WeakMap<TSchema, Serializer>();

// fast-json-stringify brings ajv (about 10 MiB resident): load it with the first response model,
// so apps (and worker threads) that declare none never pay for it.
const require = createRequire(import.meta.url);
let fastJson: ((schema: object) => Serializer) | undefined;

/** Compiles (once, cached by identity) a fast-json-stringify serializer for `schema`. */
export function compileSerializer(schema: TSchema, where = 'response'): Serializer {
  const cached = cache.get(schema);
  if (cached) return cached;
  assertJsonSchema(schema, where);
  fastJson ??= require('fast-json-stringify') as (schema: object) => Serializer;
  const serializer = fastJson(schema as object);
  cache.set(schema, serializer);
  return serializer;
}
