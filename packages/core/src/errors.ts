/**
 * Every error @bolt/core raises, declared once: code, HTTP status, and a message that says what to do.
 * HTTP errors carry a fixed public body for their status; the inner cause goes to the log only.
 */

import type { HeadersInit } from './http/response-headers.js';

/** A declared error: its stable code and the HTTP status Bolt answers when it escapes a route. */
export interface ErrorSpec<Code extends string = string> {
  readonly code: Code;
  readonly status: number;
}

type Declared<Scope extends string, T extends Record<string, number>> = {
  readonly [K in keyof T & string]: ErrorSpec<`BOLT_ERR_${Scope}_${K}`> & { readonly status: T[K] };
};

/**
 * Declares a package's errors once: each name gets the code `BOLT_ERR_<SCOPE>_<NAME>` and the
 * status answered when it escapes a route (500 for startup errors, which never reach a client).
 * Every Bolt package declares its codes with it, so codes follow one scheme.
 *
 * @example
 * export const CacheErrors = defineErrors('CACHE', { UNREACHABLE: 503, KEY_INVALID: 500 });
 * CacheErrors.UNREACHABLE.code; // 'BOLT_ERR_CACHE_UNREACHABLE'
 */
export function defineErrors<const Scope extends string, const T extends Record<string, number>>(
  scope: Scope,
  statuses: T,
): Declared<Scope, T> {
  const out: Record<string, ErrorSpec> = {};
  for (const name of Object.keys(statuses)) {
    out[name] = Object.freeze({ code: `BOLT_ERR_${scope}_${name}`, status: statuses[name] as number });
  }
  return Object.freeze(out) as Declared<Scope, T>;
}

/**
 * Errors raised while declaring or compiling an app, or starting it (never per request). Their
 * codes predate `defineErrors` and carry no scope; they stay as they are because users branch on them.
 */
export const AppErrorCode = {
  ROUTE_PATH_INVALID: 'BOLT_ERR_ROUTE_PATH_INVALID',
  ROUTE_DUPLICATE: 'BOLT_ERR_ROUTE_DUPLICATE',
  ROUTE_PARAMS_MISMATCH: 'BOLT_ERR_ROUTE_PARAMS_MISMATCH',
  ROUTE_METHOD_INVALID: 'BOLT_ERR_ROUTE_METHOD_INVALID',
  ROUTE_HANDLER_MISSING: 'BOLT_ERR_ROUTE_HANDLER_MISSING',
  ROUTE_OPTION_INVALID: 'BOLT_ERR_ROUTE_OPTION_INVALID',
  APP_MODULE_EXPORT: 'BOLT_ERR_APP_MODULE_EXPORT',
  STARTUP_FAILED: 'BOLT_ERR_STARTUP_FAILED',
} as const;
export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

/** A mistake in how the app is declared; thrown at startup with the route named. */
export class BoltAppError extends Error {
  override readonly name = 'BoltAppError';
  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Failures answered over HTTP, with their status: the table users rely on (DESIGN.md). The code
 * goes out in `problem+json` answers (`errorFormat: 'problem+json'`) and in every log line.
 */
export const HttpErrorCode = defineErrors('HTTP', {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TIMEOUT: 408,
  MALFORMED_JSON: 400,
  MALFORMED_PATH: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  BODY_TOO_LARGE: 413,
  HEADERS_TOO_LARGE: 431,
  VALIDATION: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  RESPONSE_VALIDATION: 500,
  RESPONSE_INVALID: 500,
  UNAVAILABLE: 503,
});
export type HttpErrorCode = (typeof HttpErrorCode)[keyof typeof HttpErrorCode]['code'];

const CODE_BY_STATUS = new Map<number, string>();
for (const spec of Object.values(HttpErrorCode) as ErrorSpec[]) {
  if (!CODE_BY_STATUS.has(spec.status)) CODE_BY_STATUS.set(spec.status, spec.code);
}

/** The code Bolt gives an answer of `status`: the table's first entry for it, else `BOLT_ERR_HTTP_<status>`. */
export function httpErrorCode(status: number): string {
  return CODE_BY_STATUS.get(status) ?? `BOLT_ERR_HTTP_${status}`;
}

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
    readonly headers: HeadersInit = {},
    code?: string,
  ) {
    super(typeof detail === 'string' ? detail : `HTTP ${status}`);
    this.code = code ?? httpErrorCode(status);
  }
}
