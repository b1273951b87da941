import { OptionalKind } from '@bolt/schema';
import type { TObject, TSchema } from '@sinclair/typebox';
import { columnName } from '../column-name.js';
import { type BuildContext, type Coercer, withInline } from './coercer.js';
import { CoercionFailure, fail } from './failure.js';
import { parseJsonText } from './json-text.js';

interface Field {
  readonly key: string;
  readonly column: string;
  readonly coerce: Coercer;
}

/**
 * Objects: a database row, or a nested object (`jsonObjectFrom`, json columns; JSON text on
 * SQLite). The model's keys are read from their columns (snake_case when asked), each through its
 * own coercer, into a new object literal: extra columns are dropped and every output object of a
 * model has one hidden class. Optional properties become `undefined` (omitted in JSON) for NULL.
 *
 * The row function is generated once per model, like a hand-written mapping
 * (`(r) => { const v0 = r["id"]; return { id: <v0 is an int ? v0 : c0(v0)>, ... } }`), with each
 * kind's common case inlined, because a generic loop over keys builds objects several times
 * slower. On failure a slow pass finds which field failed and records its key.
 */
export function objectCoercer(schema: TSchema, ctx: BuildContext): Coercer {
  const properties = (schema as TObject).properties;
  const fields: Field[] = Object.keys(properties).map((key) => {
    const property = properties[key] as TSchema;
    const inner = ctx.build(property, [...ctx.path, key]);
    const coerce = property[OptionalKind] === 'Optional' ? optional(inner) : inner;
    return { key, column: columnName(key, ctx.options.columns), coerce };
  });
  const locate = (error: unknown, row: Record<string, unknown> | undefined): unknown =>
    row === undefined ? error : locateFailure(fields, error, row);
  const reads = fields.map((field, i) => `const v${i} = ${readExpression(field)};`);
  const entries = fields.map((field, i) => {
    const call = `c${i}(v${i})`;
    return `${literalKey(field.key)}: ${field.coerce.inline?.(`v${i}`, call) ?? call}`;
  });
  const params = ['toRow', 'locate', ...fields.map((_, i) => `c${i}`)];
  const args = [toRow, locate, ...fields.map((field) => field.coerce)];
  const read = `row = typeof value === 'object' && value !== null ? value : toRow(value);
    ${reads.join('\n    ')}`;
  const literal = `{${entries.join(', ')}}`;
  const single = new Function(
    ...params,
    `return function coerceObject(value) {
  let row;
  try {
    ${read}
    return ${literal};
  } catch (error) {
    throw locate(error, row);
  }
};`,
  )(...args) as Coercer;
  // The same body fused into a loop for arrays of rows: one call per list instead of per row.
  single.many = new Function(
    ...params,
    `return function coerceObjects(list) {
  const length = list.length;
  const out = new Array(length);
  for (let i = 0; i < length; i++) {
    const value = list[i];
    let ${read}
    out[i] = ${literal};
  }
  return out;
};`,
  )(...args);
  return single;
}

// NULL or a missing key leaves an optional property out (undefined is not serialized).
function optional(inner: Coercer): Coercer {
  const inline = inner.inline;
  return withInline(
    (value) => (value === null || value === undefined ? undefined : inner(value)),
    inline && ((v, fallback) => `(${v} === null || ${v} === undefined ? undefined : ${inline(v, fallback)})`),
  );
}

function readExpression(field: Field): string {
  const column = `row[${JSON.stringify(field.column)}]`;
  if (field.column === field.key) return column;
  // The row may already carry the model's key (Kysely's CamelCasePlugin renamed it).
  return `(${column} !== undefined ? ${column} : row[${JSON.stringify(field.key)}])`;
}

// `{"__proto__": x}` would set the prototype; a computed key defines an own property.
function literalKey(key: string): string {
  return key === '__proto__' ? `[${JSON.stringify(key)}]` : JSON.stringify(key);
}

function toRow(value: unknown): Record<string, unknown> {
  const parsed = typeof value === 'string' ? parseJsonText(value, 'object') : value;
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    return parsed as Record<string, unknown>;
  }
  return fail('object', value);
}

function read(row: Record<string, unknown>, field: Field): unknown {
  const value = row[field.column];
  return value !== undefined || field.column === field.key ? value : row[field.key];
}

// Rare path: re-run field by field to learn which key failed, then name it in the failure.
function locateFailure(fields: ReadonlyArray<Field>, error: unknown, row: Record<string, unknown>): unknown {
  if (!(error instanceof CoercionFailure)) return error;
  for (const field of fields) {
    try {
      field.coerce(read(row, field));
    } catch (failure) {
      if (!(failure instanceof CoercionFailure)) return failure;
      failure.path.unshift(field.key);
      failure.row = row;
      return failure;
    }
  }
  error.row = row;
  return error;
}
