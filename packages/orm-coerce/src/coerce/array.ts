import type { TArray, TSchema } from '@sinclair/typebox';
import type { BuildContext, Coercer } from './coercer.js';
import { CoercionFailure, fail } from './failure.js';
import { parseJsonText } from './json-text.js';

/**
 * Arrays: the rows of a query, pg arrays and json arrays (parsed), or JSON text on SQLite
 * (`jsonArrayFrom`, json columns). Each item goes through the item coercer into a new array;
 * a failing item is reported with its index.
 */
export function arrayCoercer(schema: TSchema, ctx: BuildContext): Coercer {
  const item = ctx.build((schema as TArray).items, [...ctx.path, '[]']);
  return (value) => {
    const list = Array.isArray(value) ? value : toList(value);
    const length = list.length;
    const out = new Array(length);
    let i = 0;
    try {
      for (; i < length; i++) out[i] = item(list[i]);
    } catch (error) {
      if (error instanceof CoercionFailure) error.path.unshift(i);
      throw error;
    }
    return out;
  };
}

function toList(value: unknown): unknown[] {
  const parsed = typeof value === 'string' ? parseJsonText(value, 'array') : value;
  return Array.isArray(parsed) ? parsed : fail('array', value);
}
