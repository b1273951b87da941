/**
 * cors: Cross-Origin Resource Sharing for every answer of the app (404s and errors included), and
 * preflights answered for every path, routed or not, before routing. A disallowed origin gets no
 * CORS headers. On the Rust engine the same policy is answered in Rust (native kind `cors`).
 */
import type { BoltPlugin, HookRequest } from '@bolt/core';
import type { BoltResponse } from '@bolt/core/transport';
import { answerOf } from '../shared/answer.js';
import { withVary } from '../shared/headers.js';
import { type CorsConfig, type CorsOptions, corsPolicy } from './cors-policy.js';

export type { CorsConfig, CorsOptions, OriginOption } from './cors-policy.js';

/** What an answer whose CORS headers depend on the origin carries (a plain array: frozen ones concat slowly). */
const VARY_ORIGIN: [string, string] = ['vary', 'Origin'];

/** The status of a preflight answer. */
const PREFLIGHT_STATUS = 204;

function allowOrigin(config: CorsConfig, origin: string): string {
  // `*` cannot carry credentials: the origin is echoed then, and the answer varies by it.
  return config.origins === '*' && !config.credentials ? '*' : origin;
}

/** The preflight answer for an allowed origin (the reference for the native form). */
export function preflightAnswer(
  config: CorsConfig,
  origin: string,
  requestHeaders: string | undefined,
): BoltResponse {
  const headers = ['access-control-allow-origin', allowOrigin(config, origin)];
  if (config.credentials) headers.push('access-control-allow-credentials', 'true');
  headers.push('access-control-allow-methods', config.allowMethods);
  const allowHeaders = config.allowHeaders ?? requestHeaders;
  if (allowHeaders) headers.push('access-control-allow-headers', allowHeaders);
  if (config.maxAge !== null) headers.push('access-control-max-age', config.maxAge);
  headers.push('vary', config.allowHeaders === null ? 'Origin, Access-Control-Request-Headers' : 'Origin');
  return { status: PREFLIGHT_STATUS, headers, body: null };
}

/** The answer to a preflight from an origin that is not allowed: no CORS headers at all. */
export function refusedPreflight(config: CorsConfig): BoltResponse {
  return { status: PREFLIGHT_STATUS, headers: config.origins === '*' ? [] : ['vary', 'Origin'], body: null };
}

/** Response headers added to an actual (non-preflight) answer for an allowed origin. */
function actualHeaders(config: CorsConfig, origin: string): string[] {
  const headers = ['access-control-allow-origin', allowOrigin(config, origin)];
  if (config.credentials) headers.push('access-control-allow-credentials', 'true');
  if (config.exposeHeaders) headers.push('access-control-expose-headers', config.exposeHeaders);
  return headers;
}

function isPreflight(request: HookRequest): boolean {
  return request.method === 'OPTIONS' && request.header('access-control-request-method') !== undefined;
}

/**
 * CORS for the API it is used on (use it on the root API so that preflights of every path are
 * answered). Preflight: `OPTIONS` with `origin` and `access-control-request-method` gets 204 with
 * the allow headers; actual answers get `access-control-allow-origin` (and credentials, exposed
 * headers) and `vary: Origin`.
 *
 * @example
 * const api = new BoltAPI({ plugins: [cors({ origins: ['https://app.example'], credentials: true, maxAge: 600 })] });
 * // OPTIONS /anything  origin: https://app.example, access-control-request-method: PUT
 * //   -> 204, access-control-allow-origin: https://app.example, access-control-allow-credentials: true,
 * //      access-control-allow-methods: GET, HEAD, PUT, PATCH, POST, DELETE, access-control-max-age: 600
 */
export function cors(options: CorsOptions = {}): BoltPlugin {
  const { config, allows, expressibleAsData } = corsPolicy(options);
  const varies = !(config.origins === '*' && !config.credentials);
  const refused = refusedPreflight(config);
  return {
    name: 'cors',
    ...(expressibleAsData
      ? { native: { kind: 'cors', config: config as unknown as Record<string, unknown> } }
      : {}),
    register(api) {
      api.addHook('onRequest', (request) => {
        if (!isPreflight(request)) return;
        const origin = request.header('origin');
        if (origin === undefined) return;
        // A preflight is answered here whatever the route table says: browsers send it to paths
        // that only declare the method being checked.
        const answer = allows(origin)
          ? preflightAnswer(config, origin, request.header('access-control-request-headers'))
          : refused;
        return answerOf(answer);
      });
      api.addHook('onSend', (request, response) => {
        if (isPreflight(request)) return;
        const origin = request.header('origin');
        const allowed = origin !== undefined && allows(origin);
        if (!allowed && !varies) return;
        let headers = response.headers;
        if (allowed) headers = headers.concat(actualHeaders(config, origin));
        if (varies) headers = withVary(headers, VARY_ORIGIN);
        return { status: response.status, headers, body: response.body, finished: response.finished };
      });
    },
  };
}
