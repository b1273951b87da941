/**
 * Every error @bolt/openapi throws, declared once. They are thrown while the document is built
 * (at start-up), never per request. Users branch on `code`.
 */

/** Stable error codes of @bolt/openapi. */
export const OpenAPIErrorCode = {
  /** Two different schemas carry the same `$id` or `title`. */
  SCHEMA_NAME_CONFLICT: 'BOLT_ERR_OPENAPI_SCHEMA_NAME_CONFLICT',
  /** Two routes declare the same `operationId`. */
  OPERATION_ID_DUPLICATE: 'BOLT_ERR_OPENAPI_OPERATION_ID_DUPLICATE',
  /** A route names a security scheme that no descriptor defines. */
  SECURITY_SCHEME_UNKNOWN: 'BOLT_ERR_OPENAPI_SECURITY_SCHEME_UNKNOWN',
  /** A docs page's files are missing from node_modules. */
  ASSET_MISSING: 'BOLT_ERR_OPENAPI_ASSET_MISSING',
} as const;
export type OpenAPIErrorCode = (typeof OpenAPIErrorCode)[keyof typeof OpenAPIErrorCode];

/** A mistake in the routes' documentation, found while the document is built. */
export class OpenAPIError extends Error {
  override readonly name = 'OpenAPIError';
  constructor(
    readonly code: OpenAPIErrorCode,
    message: string,
  ) {
    super(message);
  }
}
