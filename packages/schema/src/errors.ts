/**
 * Every error @bolt/schema throws, declared once. Users branch on `code`.
 */

/** Stable error codes of @bolt/schema. */
export const SchemaErrorCode = {
  UNSUPPORTED: 'BOLT_ERR_SCHEMA_UNSUPPORTED',
  NOT_AN_OBJECT: 'BOLT_ERR_SCHEMA_NOT_AN_OBJECT',
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
