/**
 * A serializer generated once per schema (`new Function`): it checks the value against the model,
 * copies objects down to their declared properties, and hands the copy to JSON.stringify, which
 * writes one flat string natively. The generated source reads like a hand-written projection:
 *
 * ```js
 * // t.Array(t.Object({ name: t.String(), is_offer: t.Optional(t.Union([t.Boolean(), t.Null()])) }))
 * if (!Array.isArray(v0)) fail('$', 'an array', v0);
 * const a3 = [];
 * for (let i1 = 0; i1 < v0.length; i1++) {
 *   const v2 = v0[i1];
 *   if (typeof v2 !== 'object' || v2 === null) fail('$' + '[' + i1 + ']', 'an object', v2);
 *   const v4 = v2.name; if (!(typeof v4 === 'string' || ...)) fail(...);
 *   const v5 = v2.is_offer; if (v5 !== undefined) { if (!((typeof v5 === 'boolean') || (v5 === null))) fail(...); }
 *   a3.push({ name: v4, is_offer: v5 });
 * }
 * return JSON.stringify(a3);
 * ```
 */
import type { TSchema } from '@sinclair/typebox';
import { SerializationError } from '../errors.js';
import { EmitContext } from './emit-context.js';
import { emitValue } from './emit-value.js';

function found(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'an invalid Date';
  if (typeof value === 'number') {
    // The kind of number, never the value itself (it may be private).
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return 'an infinite number';
    return Number.isInteger(value) ? 'an integer' : 'a fractional number';
  }
  return typeof value;
}

function fail(path: string, expected: string, value: unknown): never {
  throw new SerializationError(path, expected, found(value));
}

/** The generated function's source, for tests and for reading. */
export function projectionSource(schema: TSchema): { source: string; constants: unknown[] } {
  const ctx = new EmitContext();
  const lines: string[] = [];
  const root = emitValue(schema, 'v0', "'$'", lines, ctx);
  // `?? 'null'`: JSON.stringify(undefined) is undefined, and a body must be text.
  lines.push(`return JSON.stringify(${root.expr}) ?? 'null';`);
  return { source: `return function serialize(v0) {\n${lines.join('\n')}\n};`, constants: ctx.constants };
}

/**
 * Compiles `schema` into a serializer, or throws NotCompiled for a kind this generator leaves to
 * fast-json-stringify (recursive and referenced schemas, Unsafe, Not).
 */
export function compileProjection(schema: TSchema): (value: unknown) => string {
  const { source, constants } = projectionSource(schema);
  return new Function('c', 'fail', source)(constants, fail) as (value: unknown) => string;
}
