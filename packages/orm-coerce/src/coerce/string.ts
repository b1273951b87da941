import type { TSchema } from '@sinclair/typebox';
import { type BuildContext, type Coercer, withInline } from './coercer.js';
import { toEpochMs } from './date-text.js';
import { fail } from './failure.js';

/**
 * Strings. With `format: 'date-time'` any database timestamp (Date from pg, SQLite text, epoch
 * number) becomes an ISO 8601 UTC string; with `format: 'date'` a `YYYY-MM-DD` day (a Date from
 * pg's `date` type is local midnight, so its local calendar day is the one meant). Otherwise
 * strings pass, numbers and bigints (pg int8 ids into a string field) become their decimal text,
 * and a Date its ISO form.
 */
export function stringCoercer(schema: TSchema, ctx: BuildContext): Coercer {
  const scale = ctx.options.epochScale;
  if (schema.format === 'date-time') return (value) => toDateTime(value, scale);
  if (schema.format === 'date') return (value) => toDay(value, scale);
  return withInline(coerceString, (v, fallback) => `(typeof ${v} === 'string' ? ${v} : ${fallback})`);
}

function coerceString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return String(value);
  } else if (typeof value === 'bigint') return String(value);
  else if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  return fail('string', value);
}

function toDateTime(value: unknown, scale: number): string {
  // pg's timestamp(tz) columns: a valid Date already is the instant.
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  const ms = toEpochMs(value, scale);
  if (Number.isFinite(ms) && Math.abs(ms) <= 8.64e15) return new Date(ms).toISOString();
  return fail('date-time (Date, timestamp text or epoch number)', value);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function toDay(value: unknown, scale: number): string {
  if (typeof value === 'string' && DAY.test(value) && !Number.isNaN(Date.parse(value))) return value;
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return `${pad(value.getFullYear(), 4)}-${pad(value.getMonth() + 1, 2)}-${pad(value.getDate(), 2)}`;
  }
  const ms = toEpochMs(value, scale);
  if (Number.isFinite(ms) && Math.abs(ms) <= 8.64e15) return new Date(ms).toISOString().slice(0, 10);
  return fail('date (YYYY-MM-DD, Date or epoch number)', value);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
