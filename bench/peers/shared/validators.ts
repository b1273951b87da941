/** Compiled TypeBox checks for the hand-written peers (node:http, raw uWS): the same validation work. */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Payload } from './scaling.js';
import { Item, ParseBody } from './schemas.js';

export const checkItem = TypeCompiler.Compile(Item);
export const checkParseBody = TypeCompiler.Compile(ParseBody);
export const checkPayload = TypeCompiler.Compile(Payload);

/** A path segment or query value as an integer, or undefined when it is not one. */
export function toInteger(value: string | undefined): number | undefined {
  if (value === undefined || !/^-?\d+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}
