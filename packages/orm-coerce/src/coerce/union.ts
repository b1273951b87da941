import type { TSchema } from '@sinclair/typebox';
import { type BuildContext, type Coercer, withInline } from './coercer.js';
import { CoercionFailure, fail } from './failure.js';

/**
 * Unions. The common case, `t.Union([X, t.Null()])` (a nullable column), is a null check in front
 * of X. Other unions try each member in order and keep the first that accepts the value, so list
 * the stricter members first (`t.Union([t.Integer(), t.String()])`).
 */
export function unionCoercer(schema: TSchema, ctx: BuildContext): Coercer {
  const members = (schema.anyOf as TSchema[]).filter((member) => !isNull(member));
  const nullable = members.length < (schema.anyOf as TSchema[]).length;
  const coercers = members.map((member, i) => ctx.build(member, [...ctx.path, `<${i}>`]));
  const only = coercers.length === 1 ? coercers[0] : undefined;
  if (only !== undefined && nullable) {
    const inner = only.inline;
    return withInline(
      (value) => (value === null || value === undefined ? null : only(value)),
      (v, fallback) =>
        `(${v} === null || ${v} === undefined ? null : ${inner === undefined ? fallback : inner(v, fallback)})`,
    );
  }
  const expected = members.map(describe).join(' | ') + (nullable ? ' | null' : '');
  return (value) => {
    if (nullable && (value === null || value === undefined)) return null;
    for (const coerce of coercers) {
      try {
        return coerce(value);
      } catch (error) {
        if (!(error instanceof CoercionFailure)) throw error;
      }
    }
    return fail(expected, value);
  };
}

function isNull(schema: TSchema): boolean {
  return schema.type === 'null';
}

function describe(schema: TSchema): string {
  if ('const' in schema) return JSON.stringify(schema.const);
  return typeof schema.type === 'string' ? schema.type : 'value';
}
