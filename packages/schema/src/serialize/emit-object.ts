/**
 * Objects: each declared property read, checked and written in the schema's order into a fresh
 * object literal, so undeclared properties never reach the output and every copy of one model
 * shares one hidden class. An optional property left `undefined` is omitted by JSON.stringify;
 * a missing one with a `default` is written as that default, as fast-json-stringify does.
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import {
  type EmitContext,
  type Emitted,
  literalKey,
  NotCompiled,
  type PathExpr,
  propertyPath,
  propertyRead,
} from './emit-context.js';
import { emitValue } from './emit-value.js';

function emitProperty(
  key: string,
  schema: TSchema,
  required: boolean,
  value: string,
  path: PathExpr,
  lines: string[],
  ctx: EmitContext,
): string {
  const read = ctx.name('v');
  const at = propertyPath(path, key);
  lines.push(`const ${read} = ${propertyRead(value, key)};`);
  const inner: string[] = [];
  const emitted = emitValue(schema, read, at, inner, ctx);
  const fallback = schema.default === undefined ? undefined : ctx.constant(schema.default);
  if (required && fallback === undefined) {
    // The kind's own test refuses `undefined`, except for any/unknown, which would omit the key.
    if (inner.length === 0)
      lines.push(`if (${read} === undefined) ${ctx.fail(at, 'a value (required)', read)}`);
    lines.push(...inner);
    return emitted.expr;
  }
  if (emitted.same) {
    if (inner.length > 0) lines.push(`if (${read} !== undefined) {`, ...inner, '}');
    return fallback === undefined ? read : `(${read} === undefined ? ${fallback} : ${read})`;
  }
  const out = ctx.name('p');
  lines.push(
    `let ${out} = ${fallback ?? 'undefined'};`,
    `if (${read} !== undefined) {`,
    ...inner,
    `${out} = ${emitted.expr};`,
    '}',
  );
  return out;
}

/** Properties beyond the declared ones, when the model admits them (`additionalProperties`). */
function emitAdditional(
  schema: TSchema,
  declared: readonly string[],
  target: string,
  value: string,
  path: PathExpr,
  lines: string[],
  ctx: EmitContext,
): void {
  const extra = schema.additionalProperties;
  if (extra !== true && (typeof extra !== 'object' || extra === null)) return;
  const key = ctx.name('k');
  const item = ctx.name('v');
  const body: string[] = [];
  const emitted =
    extra === true
      ? { expr: item, same: true }
      : emitValue(extra as TSchema, item, `${path} + '[' + JSON.stringify(${key}) + ']'`, body, ctx);
  lines.push(
    `for (const ${key} of Object.keys(${value})) {`,
    `if (${ctx.constant(new Set(declared))}.has(${key})) continue;`,
    `const ${item} = ${value}[${key}];`,
    ...body,
    // defineProperty: a key named __proto__ is data here, not the prototype.
    `Object.defineProperty(${target}, ${key}, { value: ${emitted.expr}, enumerable: true, writable: true, configurable: true });`,
    '}',
  );
}

export function emitObject(
  schema: TSchema,
  value: string,
  path: PathExpr,
  lines: string[],
  ctx: EmitContext,
): Emitted {
  lines.push(`if (typeof ${value} !== 'object' || ${value} === null) ${ctx.fail(path, 'an object', value)}`);
  const properties = (schema.properties ?? {}) as Record<string, TSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const entries = Object.entries(properties).map(
    ([key, prop]) =>
      `${literalKey(key)}: ${emitProperty(key, prop, required.has(key), value, path, lines, ctx)}`,
  );
  const literal = `{ ${entries.join(', ')} }`;
  const extra = schema.additionalProperties;
  if (extra !== true && (typeof extra !== 'object' || extra === null)) return { expr: literal, same: false };
  const target = ctx.name('o');
  lines.push(`const ${target} = ${literal};`);
  emitAdditional(schema, Object.keys(properties), target, value, path, lines, ctx);
  return { expr: target, same: false };
}

/** An intersection of objects is the object of all their properties; other intersections are not compiled. */
export function emitIntersect(
  schema: TSchema,
  value: string,
  path: PathExpr,
  lines: string[],
  ctx: EmitContext,
): Emitted {
  const parts = (schema.allOf ?? []) as TSchema[];
  if (parts.length === 0 || !parts.every((p) => p[Kind] === 'Object' && p.additionalProperties === undefined))
    throw new NotCompiled('Intersect');
  const properties: Record<string, TSchema> = {};
  const required = new Set<string>();
  for (const part of parts) {
    for (const [key, prop] of Object.entries(part.properties as Record<string, TSchema>)) {
      // The same key in two parts must satisfy both: only identical declarations are compiled.
      if (key in properties && properties[key] !== prop) throw new NotCompiled('Intersect');
      properties[key] = prop;
    }
    for (const key of (part.required ?? []) as string[]) required.add(key);
  }
  const merged = {
    [Kind]: 'Object',
    type: 'object',
    properties,
    required: [...required],
  } as unknown as TSchema;
  return emitObject(merged, value, path, lines, ctx);
}
