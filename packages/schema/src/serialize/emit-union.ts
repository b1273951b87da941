/**
 * Unions, chosen per request without a schema validator wherever the members tell themselves
 * apart by a cheap test: scalars by `typeof` (so `Optional(Union([Boolean, Null]))` is one
 * expression), one array member by `Array.isArray`, one object member by elimination. Only
 * several members of the same structural kind (two object models, say) are told apart by a
 * compiled TypeBox check, in declaration order, as fast-json-stringify does with ajv.
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import { compileValidator } from '../validator.js';
import type { EmitContext, Emitted, PathExpr } from './emit-context.js';
import { emitValue } from './emit-value.js';
import { type ScalarTest, scalarTest } from './scalar-test.js';

const ARRAY_KINDS = new Set(['Array', 'Tuple']);

interface Member {
  readonly schema: TSchema;
  readonly scalar: ScalarTest | undefined;
  /** The expression choosing this member, in order (the last of its kind needs none). */
  test?: string;
}

function memberTests(members: Member[], value: string, ctx: EmitContext): void {
  const arrays = members.filter((m) => !m.scalar && ARRAY_KINDS.has(String(m.schema[Kind])));
  const objects = members.filter((m) => !m.scalar && !ARRAY_KINDS.has(String(m.schema[Kind])));
  for (const m of members) if (m.scalar) m.test = m.scalar.test(value);
  const byCheck = (group: Member[], last: string | undefined) =>
    group.forEach((m, index) => {
      m.test =
        index === group.length - 1 ? last : `${ctx.constant(compileValidator(m.schema))}.check(${value})`;
    });
  byCheck(arrays, `Array.isArray(${value})`);
  // Scalars and arrays were tried first, so what is left is the object member's to accept or refuse.
  byCheck(objects, undefined);
  for (let index = 0; index < arrays.length - 1; index++)
    arrays[index]!.test = `(Array.isArray(${value}) && ${arrays[index]!.test})`;
}

export function emitUnion(
  schema: TSchema,
  value: string,
  path: PathExpr,
  lines: string[],
  ctx: EmitContext,
): Emitted {
  const members: Member[] = ((schema.anyOf ?? []) as TSchema[]).map((s) => ({
    schema: s,
    scalar: scalarTest(s),
  }));
  const expected = members
    .map((m) => m.scalar?.expected ?? `a ${String(m.schema[Kind]).toLowerCase()}`)
    .join(' or ');
  if (members.every((m) => m.scalar && !m.scalar.convert)) {
    const tests = members.map((m) => m.scalar!.test(value));
    if (!tests.includes('true'))
      lines.push(`if (!(${tests.join(' || ')})) ${ctx.fail(path, expected, value)}`);
    return { expr: value, same: true };
  }
  // Scalars first (cheapest), then arrays, then objects: declaration order within each.
  const ordered = [
    ...members.filter((m) => m.scalar),
    ...members.filter((m) => !m.scalar && ARRAY_KINDS.has(String(m.schema[Kind]))),
    ...members.filter((m) => !m.scalar && !ARRAY_KINDS.has(String(m.schema[Kind]))),
  ];
  memberTests(ordered, value, ctx);
  const out = ctx.name('u');
  lines.push(`let ${out};`);
  let open = false;
  for (const m of ordered) {
    const body: string[] = [];
    // A scalar member's test chose it already: no second check.
    const emitted = m.scalar
      ? { expr: m.scalar.convert?.(value) ?? value }
      : emitValue(m.schema, value, path, body, ctx);
    const head = m.test === undefined ? (open ? 'else {' : '{') : `${open ? 'else ' : ''}if (${m.test}) {`;
    lines.push(head, ...body, `${out} = ${emitted.expr};`, '}');
    open = true;
    if (m.test === undefined) return { expr: out, same: false };
  }
  lines.push(`else ${ctx.fail(path, expected, value)}`);
  return { expr: out, same: false };
}
