/**
 * The dispatcher of the serializer's code generator: one emitter per schema kind, each writing
 * the statements that check (and, for objects, copy) a value into `lines` and returning the
 * expression JSON.stringify then receives.
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import { emitArray, emitTuple } from './emit-array.js';
import type { EmitContext, Emitted, PathExpr } from './emit-context.js';
import { NotCompiled } from './emit-context.js';
import { emitIntersect, emitObject } from './emit-object.js';
import { emitRecord } from './emit-record.js';
import { emitUnion } from './emit-union.js';
import { scalarTest } from './scalar-test.js';

/** Emits the code for the value held in variable `value` (a plain identifier). */
export function emitValue(
  schema: TSchema,
  value: string,
  path: PathExpr,
  lines: string[],
  ctx: EmitContext,
): Emitted {
  const scalar = scalarTest(schema);
  if (scalar) {
    const test = scalar.test(value);
    if (test !== 'true') lines.push(`if (!${test}) ${ctx.fail(path, scalar.expected, value)}`);
    return scalar.convert ? { expr: scalar.convert(value), same: false } : { expr: value, same: true };
  }
  switch (schema[Kind]) {
    case 'Object':
      return emitObject(schema, value, path, lines, ctx);
    case 'Intersect':
      return emitIntersect(schema, value, path, lines, ctx);
    case 'Array':
      return emitArray(schema, value, path, lines, ctx);
    case 'Tuple':
      return emitTuple(schema, value, path, lines, ctx);
    case 'Record':
      return emitRecord(schema, value, path, lines, ctx);
    case 'Union':
      return emitUnion(schema, value, path, lines, ctx);
    default:
      // Ref, This (recursive schemas), Unsafe, Not, ...: left to fast-json-stringify.
      throw new NotCompiled(String(schema[Kind]));
  }
}
