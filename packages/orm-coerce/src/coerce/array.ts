import type { TArray, TSchema } from '@sinclair/typebox';
import type { BuildContext, Coercer } from './coercer.js';
import { CoercionFailure, fail } from './failure.js';
import { parseJsonText } from './json-text.js';

/**
 * Arrays: the rows of a query, pg arrays and json arrays (parsed), or JSON text on SQLite
 * (`jsonArrayFrom`, json columns). Each item goes through the item coercer into a new array;
 * a failing item is reported with its index.
 *
 * Arrays of objects use the object coercer's fused loop (`many`), with no call per row. Other
 * loops are generated per array model rather than shared: closures made from one function share
 * V8's call feedback, so a shared loop calling many item coercers would stop inlining them.
 */
export function arrayCoercer(schema: TSchema, ctx: BuildContext): Coercer {
  const item = ctx.build((schema as TArray).items, [...ctx.path, '[]']);
  const locate = (list: ReadonlyArray<unknown>, error: unknown) => locateItem(item, list, error);
  if (item.many !== undefined) {
    return new Function(
      'many',
      'toList',
      'locate',
      `return function coerceRows(value) {
  const list = Array.isArray(value) ? value : toList(value);
  try {
    return many(list);
  } catch (error) {
    throw locate(list, error);
  }
};`,
    )(item.many, toList, locate) as Coercer;
  }
  return new Function(
    'item',
    'toList',
    'CoercionFailure',
    `return function coerceArray(value) {
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
};`,
  )(item, toList, CoercionFailure) as Coercer;
}

function toList(value: unknown): unknown[] {
  const parsed = typeof value === 'string' ? parseJsonText(value, 'array') : value;
  return Array.isArray(parsed) ? parsed : fail('array', value);
}

// Rare path: the fused loop does not say which item failed; coerce them one by one to find it.
function locateItem(item: Coercer, list: ReadonlyArray<unknown>, error: unknown): unknown {
  if (!(error instanceof CoercionFailure)) return error;
  for (let i = 0; i < list.length; i++) {
    try {
      item(list[i]);
    } catch (failure) {
      if (failure instanceof CoercionFailure) failure.path.unshift(i);
      return failure;
    }
  }
  return error;
}
