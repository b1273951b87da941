/**
 * Every error @bolt/core raises, declared once: code, HTTP status, and a message that says what to do.
 * HTTP errors carry a fixed public body for their status; the inner cause goes to the log only.
 */

/** Errors raised while declaring or compiling an app (startup, never per request). */
export const AppErrorCode = {
  ROUTE_PATH_INVALID: 'BOLT_ERR_ROUTE_PATH_INVALID',
  ROUTE_DUPLICATE: 'BOLT_ERR_ROUTE_DUPLICATE',
  ROUTE_PARAMS_MISMATCH: 'BOLT_ERR_ROUTE_PARAMS_MISMATCH',
  ROUTE_METHOD_INVALID: 'BOLT_ERR_ROUTE_METHOD_INVALID',
  APP_MODULE_EXPORT: 'BOLT_ERR_APP_MODULE_EXPORT',
} as const;
export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

/** A mistake in how the app is declared; thrown at startup with the route named. */
export class BoltAppError extends Error {
  override readonly name = 'BoltAppError';
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Failures answered over HTTP, with their status. The table users rely on (DESIGN.md). */
export const HttpErrorCode = {
  NOT_FOUND: { code: 'BOLT_ERR_HTTP_NOT_FOUND', status: 404 },
  METHOD_NOT_ALLOWED: { code: 'BOLT_ERR_HTTP_METHOD_NOT_ALLOWED', status: 405 },
  MALFORMED_JSON: { code: 'BOLT_ERR_HTTP_MALFORMED_JSON', status: 400 },
  MALFORMED_PATH: { code: 'BOLT_ERR_HTTP_MALFORMED_PATH', status: 400 },
  UNSUPPORTED_MEDIA_TYPE: { code: 'BOLT_ERR_HTTP_UNSUPPORTED_MEDIA_TYPE', status: 415 },
  BODY_TOO_LARGE: { code: 'BOLT_ERR_HTTP_BODY_TOO_LARGE', status: 413 },
  HEADERS_TOO_LARGE: { code: 'BOLT_ERR_HTTP_HEADERS_TOO_LARGE', status: 431 },
  VALIDATION: { code: 'BOLT_ERR_HTTP_VALIDATION', status: 422 },
  INTERNAL: { code: 'BOLT_ERR_HTTP_INTERNAL', status: 500 },
  RESPONSE_VALIDATION: { code: 'BOLT_ERR_HTTP_RESPONSE_VALIDATION', status: 500 },
  UNAVAILABLE: { code: 'BOLT_ERR_HTTP_UNAVAILABLE', status: 503 },
} as const;
export type HttpErrorCode = (typeof HttpErrorCode)[keyof typeof HttpErrorCode]['code'];

/**
 * Thrown by handlers (or plugins) to answer with a status and a public `detail`.
 *
 * @example
 * throw new HTTPError(404, 'Item not found');           // 404 {"detail":"Item not found"}
 * throw new HTTPError(401, 'Log in first', { 'www-authenticate': 'Bearer' });
 */
export class HTTPError extends Error {
  override readonly name = 'HTTPError';
  readonly code: string;
  constructor(
    readonly status: number,
    readonly detail: unknown = undefined,
    readonly headers: Readonly<Record<string, string>> = {},
    code?: string,
  ) {
    super(typeof detail === 'string' ? detail : `HTTP ${status}`);
    this.code = code ?? `BOLT_ERR_HTTP_${status}`;
  }
}
