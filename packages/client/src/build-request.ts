/**
 * A call's pieces turned into what goes on the wire: `{name}`, `:name` and `{rest...}` filled from
 * `params` (percent-encoded; a catch-all keeps its slashes), the query string with one key per
 * array item (as the server's `t.Array` query reads them), headers named as the server reads
 * them (`x_token` -> `x-token`), cookies in one `cookie` header, and the body: JSON, or a
 * `FormData` / `URLSearchParams` sent as is (fetch writes its multipart or urlencoded content type).
 */

/** What one call may carry. */
export interface CallInput {
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  cookies?: Record<string, unknown>;
  body?: unknown;
  signal?: AbortSignal;
}

/** A request ready for a sender. */
export interface WireRequest {
  method: string;
  /** Path and query, e.g. `/items/1?q=x`. */
  url: string;
  headers: Record<string, string>;
  body: WireBody | undefined;
  signal: AbortSignal | undefined;
}

/** A body as it goes on the wire. */
export type WireBody = string | FormData | URLSearchParams;

/** Thrown before sending when a path param is missing (only possible when types are bypassed). */
export class MissingParamError extends Error {
  override readonly name = 'MissingParamError';
  readonly code = 'BOLT_ERR_CLIENT_PARAM_MISSING';
  constructor(path: string, param: string) {
    super(`Path ${path} needs the param "${param}": pass it as params.${param}.`);
  }
}

function scalar(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

function fillPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(
    /\{([A-Za-z_][A-Za-z0-9_]*)(\.\.\.)?\}|:([A-Za-z_][A-Za-z0-9_]*)/g,
    (_m, braced, rest, colon) => {
      const name = (braced ?? colon) as string;
      const value = params?.[name];
      if (value === undefined || value === null) throw new MissingParamError(path, name);
      const text = scalar(value);
      return rest ? text.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(text);
    },
  );
}

function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one === undefined) continue;
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(scalar(one))}`);
    }
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** Builds the wire request for `method path` with `input`, over `defaults` headers. */
export function buildRequest(
  method: string,
  path: string,
  input: CallInput | undefined,
  defaults: Record<string, string>,
): WireRequest {
  const headers: Record<string, string> = { ...defaults };
  for (const [name, value] of Object.entries(input?.headers ?? {})) {
    if (value === undefined) continue;
    headers[name.toLowerCase().replace(/_/g, '-')] = scalar(value);
  }
  const cookies = Object.entries(input?.cookies ?? {}).filter(([, v]) => v !== undefined);
  if (cookies.length) {
    const pairs = cookies.map(([k, v]) => `${k}=${encodeURIComponent(scalar(v))}`).join('; ');
    headers.cookie = headers.cookie ? `${headers.cookie}; ${pairs}` : pairs;
  }
  let body: WireBody | undefined;
  if (input?.body instanceof FormData || input?.body instanceof URLSearchParams) {
    body = input.body;
  } else if (input?.body !== undefined) {
    body = JSON.stringify(input.body);
    headers['content-type'] ??= 'application/json';
  }
  return {
    method,
    url: fillPath(path, input?.params) + queryString(input?.query),
    headers,
    body,
    signal: input?.signal,
  };
}
