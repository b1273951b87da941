/** Records (`t.Record(t.String(), V)`): every own key whose name fits the pattern, values checked. */
import type { TSchema } from '@sinclair/typebox';
import { type EmitContext, type Emitted, NotCompiled, type PathExpr } from './emit-context.js';
import { emitValue } from './emit-value.js';

const ANY_KEY = new Set(['^(.*)$', '^.*$']);

export function emitRecord(
  schema: TSchema,
  value: string,
  path: PathExpr,
  lines: string[],
  ctx: EmitContext,
): Emitted {
  const patterns = Object.entries((schema.patternProperties ?? {}) as Record<string, TSchema>);
  if (patterns.length !== 1) throw new NotCompiled('Record');
  const [pattern, valueSchema] = patterns[0]!;
  lines.push(
    `if (typeof ${value} !== 'object' || ${value} === null || Array.isArray(${value})) ${ctx.fail(path, 'an object', value)}`,
  );
  const key = ctx.name('k');
  const item = ctx.name('v');
  const body: string[] = [];
  const emitted = emitValue(valueSchema, item, `${path} + '[' + JSON.stringify(${key}) + ']'`, body, ctx);
  const anyKey = ANY_KEY.has(pattern);
  if (anyKey && emitted.same) {
    // JSON.stringify writes exactly the own enumerable keys: the record can go out as it is.
    if (body.length > 0)
      lines.push(
        `for (const ${key} of Object.keys(${value})) {`,
        `const ${item} = ${value}[${key}];`,
        ...body,
        '}',
      );
    return { expr: value, same: true };
  }
  // A null-prototype object: a key named __proto__ is plain data there.
  const out = ctx.name('o');
  lines.push(
    `const ${out} = Object.create(null);`,
    `for (const ${key} of Object.keys(${value})) {`,
    ...(anyKey ? [] : [`if (!${ctx.constant(new RegExp(pattern, 'u'))}.test(${key})) continue;`]),
    `const ${item} = ${value}[${key}];`,
    ...body,
    `${out}[${key}] = ${emitted.expr};`,
    '}',
  );
  return { expr: out, same: false };
}
