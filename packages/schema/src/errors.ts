/**
 * Every error @bolt/schema throws, declared once. Users branch on `code`.
 */

/** Stable error codes of @bolt/schema. */
export const SchemaErrorCode = {
  UNSUPPORTED: 'BOLT_ERR_SCHEMA_UNSUPPORTED',
  NOT_AN_OBJECT: 'BOLT_ERR_SCHEMA_NOT_AN_OBJECT',
  SERIALIZE: 'BOLT_ERR_SCHEMA_SERIALIZE',
} as const;
export type SchemaErrorCode = (typeof SchemaErrorCode)[keyof typeof SchemaErrorCode];

/** A schema that Bolt cannot compile; thrown at startup, never per request. */
export class SchemaError extends Error {
  override readonly name = 'SchemaError';
  constructor(
    readonly code: SchemaErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The schema uses a construct that this position cannot carry (e.g. `t.Date()` in a JSON response). */
export function unsupportedSchema(where: string, kind: string, hint: string): SchemaError {
  return new SchemaError(
    SchemaErrorCode.UNSUPPORTED,
    `${where}: schema kind "${kind}" is not supported here. ${hint}`,
  );
}

/**
 * A value that does not fit the response model it is serialized with, thrown per request by a
 * compiled serializer. `path` names the field (`$[3].price`); the HTTP layer answers 500 and logs
 * this message, never the value itself.
 */
export class SerializationError extends Error {
  override readonly name = 'SerializationError';
  readonly code = SchemaErrorCode.SERIALIZE;
  constructor(
    /** Where in the value: `$` is the value itself, then `.key` and `[index]` steps. */
    readonly path: string,
    /** What the model declares there, e.g. `integer` or `string, or a valid Date`. */
    readonly expected: string,
    /** The JavaScript type found (`string`, `undefined`, `object`, ...), not the value. */
    readonly found: string,
  ) {
    super(
      `Response field ${path}: expected ${expected}, got ${found}. ` +
        'Return a value of the response model (or change the model).',
    );
  }
}
