/**
 * JSON serializers compiled once per schema, and cached. Properties the schema does not name are
 * dropped, which is what a response model means; a value that does not fit the model is refused
 * with a SerializationError naming the field (the HTTP layer answers 500).
 *
 * Two paths, chosen per schema: the generated projection (serialize/compile-projection.ts: check,
 * copy the declared fields, JSON.stringify) for every kind it compiles, which measures faster than
 * fast-json-stringify on every shape in bench/serialize.bench.ts and yields one flat string; and
 * fast-json-stringify for the kinds it does not (recursive and referenced schemas, Unsafe, Not).
 */

import { createRequire } from 'node:module';
import type { TSchema } from '@sinclair/typebox';
import { assertJsonSchema } from './json-safety.js';
import { compileProjection } from './serialize/compile-projection.js';
import { NotCompiled } from './serialize/emit-context.js';

/** Turns a value of the schema's type into its JSON text. */
export type Serializer = (value: unknown) => string;

const cache = new WeakMap<TSchema, Serializer>();

// fast-json-stringify brings ajv (about 10 MiB resident): load it only for a schema the projection
// does not compile, so most apps (and worker threads) never pay for it.
const require = createRequire(import.meta.url);
let fastJson: ((schema: object) => Serializer) | undefined;

/** A fast-json-stringify serializer for `schema` (no cache); exported for the benchmark. */
export function compileFastJson(schema: TSchema): Serializer {
  fastJson ??= require('fast-json-stringify') as (schema: object) => Serializer;
  return fastJson(schema as object);
}

/**
 * Compiles (once, cached by identity) the serializer of `schema`; `where` (the route) is named in
 * startup errors.
 *
 * @example
 * const toJson = compileSerializer(t.Object({ id: t.Integer(), name: t.String() }));
 * toJson({ id: 1, name: 'a', password: 'x' }); // '{"id":1,"name":"a"}'
 * toJson({ id: 'one', name: 'a' });            // throws SerializationError: Response field $.id: expected an integer, got string...
 */
export function compileSerializer(schema: TSchema, where = 'response'): Serializer {
  const cached = cache.get(schema);
  if (cached) return cached;
  assertJsonSchema(schema, where);
  let serializer: Serializer;
  try {
    serializer = compileProjection(schema);
  } catch (error) {
    if (!(error instanceof NotCompiled)) throw error;
    serializer = compileFastJson(schema);
  }
  cache.set(schema, serializer);
  return serializer;
}
