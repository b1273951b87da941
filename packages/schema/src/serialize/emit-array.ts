/** Arrays and tuples: checked item by item; copied only when an item is (objects are stripped). */
import type { TSchema } from '@sinclair/typebox';
import type { EmitContext, Emitted, PathExpr } from './emit-context.js';
import { emitValue } from './emit-value.js';

export function emitArray(
  schema: TSchema,
  value: string,
  path: PathExpr,
  lines: string[],
  ctx: EmitContext,
): Emitted {
  lines.push(`if (!Array.isArray(${value})) ${ctx.fail(path, 'an array', value)}`);
  const i = ctx.name('i');
  const item = ctx.name('v');
  const body: string[] = [];
  const emitted = emitValue(schema.items as TSchema, item, `${path} + '[' + ${i} + ']'`, body, ctx);
  if (emitted.same) {
    // Items go out as they are: check them, and hand JSON.stringify the array itself.
    if (body.length === 0) return { expr: value, same: true };
    lines.push(
      `for (let ${i} = 0; ${i} < ${value}.length; ${i}++) {`,
      `const ${item} = ${value}[${i}];`,
      ...body,
      '}',
    );
    return { expr: value, same: true };
  }
  const out = ctx.name('a');
  // Filled with push, not `new Array(length)`: a preallocated array stays HOLEY_ELEMENTS even once
  // full, and V8's JSON.stringify walks only PACKED arrays in its fast loop (a holey one goes
  // through a generic element lookup per item).
  lines.push(
    `const ${out} = [];`,
    `for (let ${i} = 0; ${i} < ${value}.length; ${i}++) {`,
    `const ${item} = ${value}[${i}];`,
    ...body,
    `${out}.push(${emitted.expr});`,
    '}',
  );
  return { expr: out, same: false };
}

export function emitTuple(
  schema: TSchema,
  value: string,
  path: PathExpr,
  lines: string[],
  ctx: EmitContext,
): Emitted {
  const items = (Array.isArray(schema.items) ? schema.items : []) as TSchema[];
  lines.push(
    `if (!Array.isArray(${value}) || ${value}.length !== ${items.length}) ${ctx.fail(path, `an array of ${items.length}`, value)}`,
  );
  const parts = items.map((itemSchema, index) => {
    const item = ctx.name('v');
    lines.push(`const ${item} = ${value}[${index}];`);
    return emitValue(itemSchema, item, `${path} + '[${index}]'`, lines, ctx);
  });
  if (parts.every((p) => p.same)) return { expr: value, same: true };
  return { expr: `[${parts.map((p) => p.expr).join(', ')}]`, same: false };
}
