/**
 * A CORS policy, normalised once: which origins are allowed, and the header values of a preflight
 * answer and of an actual response, computed at start-up so a request only looks them up.
 */
import { check } from '../errors.js';

/** Which origins may call: `'*'`, a list, a pattern, or a function of the `origin` header. */
export type OriginOption = '*' | string | readonly string[] | RegExp | ((origin: string) => boolean);

/** Options of {@link cors}. */
export interface CorsOptions {
  /** Allowed origins. Default `'*'` (any origin; with `credentials` the origin is echoed). */
  origins?: OriginOption;
  /** Methods a preflight allows. Default `GET, HEAD, PUT, PATCH, POST, DELETE`. */
  methods?: readonly string[];
  /** Request headers a preflight allows. Default: those the preflight asks for (echoed). */
  allowedHeaders?: readonly string[];
  /** Response headers the browser may read. Default none. */
  exposedHeaders?: readonly string[];
  /** Send `access-control-allow-credentials: true`. Default false. */
  credentials?: boolean;
  /** How long a preflight may be cached, in seconds (`access-control-max-age`). Default none. */
  maxAge?: number;
}

/** The policy as data: what `cors()` hands to an engine that answers CORS itself. */
export interface CorsConfig {
  /** `'*'`, or the exact allowed origins. */
  readonly origins: '*' | readonly string[];
  /** A RegExp source origins may also match (JavaScript syntax, no flags), or null. */
  readonly originPattern: string | null;
  readonly credentials: boolean;
  /** `access-control-allow-methods` of a preflight answer. */
  readonly allowMethods: string;
  /** `access-control-allow-headers`, or null to echo `access-control-request-headers`. */
  readonly allowHeaders: string | null;
  /** `access-control-expose-headers` of actual responses, or null. */
  readonly exposeHeaders: string | null;
  /** `access-control-max-age` of a preflight answer, or null. */
  readonly maxAge: string | null;
}

export const DEFAULT_METHODS = ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'] as const;

/** Validates `options` into a policy: the data form and the origin test. */
export function corsPolicy(options: CorsOptions): {
  config: CorsConfig;
  allows: (origin: string) => boolean;
  /** False when the origins are a function: no engine can run that without JavaScript. */
  expressibleAsData: boolean;
} {
  const given = options.origins ?? '*';
  if (options.maxAge !== undefined) {
    check(
      Number.isInteger(options.maxAge) && options.maxAge >= 0,
      'cors',
      'maxAge',
      'a whole number of seconds',
    );
  }
  const methods = (options.methods ?? DEFAULT_METHODS).map((m) => m.toUpperCase());
  check(methods.length > 0, 'cors', 'methods', 'a non-empty list');
  const config = {
    credentials: options.credentials ?? false,
    allowMethods: methods.join(', '),
    allowHeaders: options.allowedHeaders ? options.allowedHeaders.join(', ') : null,
    exposeHeaders: options.exposedHeaders?.length ? options.exposedHeaders.join(', ') : null,
    maxAge: options.maxAge === undefined ? null : String(options.maxAge),
  };
  if (given === '*') {
    return {
      config: { ...config, origins: '*', originPattern: null },
      allows: () => true,
      expressibleAsData: true,
    };
  }
  if (typeof given === 'function') {
    return {
      config: { ...config, origins: [], originPattern: null },
      allows: given,
      expressibleAsData: false,
    };
  }
  if (given instanceof RegExp) {
    check(
      given.flags.replace(/[gy]/g, '') === '',
      'cors',
      'origins',
      'a RegExp without flags (i, m, s, u are not portable)',
    );
    const pattern = new RegExp(given.source);
    return {
      config: { ...config, origins: [], originPattern: given.source },
      allows: (origin) => pattern.test(origin),
      expressibleAsData: true,
    };
  }
  const list = typeof given === 'string' ? [given] : [...given];
  check(
    list.length > 0 && list.every((o) => typeof o === 'string' && o.length > 0),
    'cors',
    'origins',
    "'*', a non-empty list of origins, a RegExp or a function",
  );
  const set = new Set(list);
  return {
    config: { ...config, origins: Object.freeze(list), originPattern: null },
    allows: (origin) => set.has(origin),
    expressibleAsData: true,
  };
}
