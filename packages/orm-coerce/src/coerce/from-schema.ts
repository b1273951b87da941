import { Kind } from '@bolt/schema';
import type { TSchema } from '@sinclair/typebox';
import { UnsupportedSchemaError } from '../errors.js';
import type { NormalizedOptions } from '../options.js';
import { anyCoercer } from './any.js';
import { arrayCoercer } from './array.js';
import { booleanCoercer } from './boolean.js';
import type { BuildContext, Coercer } from './coercer.js';
import { dateCoercer } from './date.js';
import { integerCoercer } from './integer.js';
import { literalCoercer } from './literal.js';
import { nullCoercer } from './null.js';
import { numberCoercer } from './number.js';
import { objectCoercer } from './object.js';
import { stringCoercer } from './string.js';
import { unionCoercer } from './union.js';

type Builder = (schema: TSchema, ctx: BuildContext) => Coercer;

/** One builder per TypeBox kind; a kind missing here is refused at startup, never at request time. */
const builders: Readonly<Record<string, Builder>> = {
  Any: anyCoercer,
  Unknown: anyCoercer,
  Array: arrayCoercer,
  Boolean: booleanCoercer,
  Date: dateCoercer,
  Integer: integerCoercer,
  Literal: literalCoercer,
  Null: nullCoercer,
  Number: numberCoercer,
  Object: objectCoercer,
  String: stringCoercer,
  Union: unionCoercer,
};

/** Builds the coercer of a model by dispatching on each schema's TypeBox kind. */
export function fromSchema(
  schema: TSchema,
  options: NormalizedOptions,
  path: ReadonlyArray<string | number> = [],
): Coercer {
  const kind = schema[Kind] as string | undefined;
  const builder = kind === undefined ? undefined : builders[kind];
  if (builder === undefined) throw new UnsupportedSchemaError(kind ?? typeof schema, path);
  return builder(schema, {
    options,
    path,
    build: (child, childPath) => fromSchema(child, options, childPath),
  });
}
