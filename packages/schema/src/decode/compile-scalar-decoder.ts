/**
 * The dispatcher: picks the scalar decoder for a schema kind, or fails at startup for kinds that a
 * string cannot carry (objects, dates, ...), naming where the schema is used.
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import { unsupportedSchema } from '../errors.js';
import {
  booleanDecoder,
  integerDecoder,
  literalDecoder,
  numberDecoder,
  type ScalarDecoder,
  stringDecoder,
  unionDecoder,
} from './scalar-decoders.js';

function literalValues(schema: TSchema): (string | number | boolean)[] | undefined {
  if (schema[Kind] === 'Literal') return [schema.const];
  if (schema[Kind] === 'Union') {
    const parts = (schema.anyOf as TSchema[]).map(literalValues);
    if (parts.every((p) => p !== undefined)) return parts.flat() as (string | number | boolean)[];
  }
  return undefined;
}

/** Compiles the decoder for one string-carried value of kind `schema`. `where` names the route and input. */
export function compileScalarDecoder(schema: TSchema, where: string): ScalarDecoder {
  const literals = literalValues(schema);
  if (literals) return literalDecoder(literals);
  switch (schema[Kind]) {
    case 'Integer':
      return integerDecoder;
    case 'Number':
      return numberDecoder;
    case 'Boolean':
      return booleanDecoder;
    case 'String':
    case 'Any':
    case 'Unknown':
      return stringDecoder;
    case 'Union':
      return unionDecoder((schema.anyOf as TSchema[]).map((member) => compileScalarDecoder(member, where)));
    default:
      throw unsupportedSchema(
        where,
        String(schema[Kind]),
        'Path, query, header and cookie values are strings: use t.String, t.Integer, t.Number, t.Boolean, ' +
          't.Literal/t.Union of literals, or t.Array of those for repeated query keys.',
      );
  }
}
