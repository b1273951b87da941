/**
 * One route compiled into the closures transports call: bind, invoke, encode, wrapped in `run`,
 * which never throws. Synchronous handlers answer synchronously, so a transport pays no promise.
 */
import type { TObject } from '@bolt/schema';
import type { BoltPlugin } from '../api/plugin.js';
import { errorResponse } from '../http/error-response.js';
import type { Logger } from '../log/logger.js';
import type { PathPattern } from '../router/path-pattern.js';
import type { BoltResponse, CompiledRoute, RawRequest } from '../transport/contract.js';
import { compileBinder } from './bind-request.js';
import { compileEncoder } from './compile-encoder.js';
import { errorToResponse } from './error-to-response.js';
import { RequestContext } from './request-context.js';
import type { RouteOptionsLike } from './route-options-like.js';

/** A route as declared by the user, with its prefix applied. */
export interface RouteDefinition {
  method: string;
  path: PathPattern;
  options: RouteOptionsLike;
  handler: (ctx: never) => unknown;
  plugins: readonly BoltPlugin[];
}

/** App-wide settings a route falls back on. */
export interface RouteDefaults {
  bodyLimit: number;
  validateResponse: boolean;
  logger: Logger;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

/** The header names a route reads, or null when its handler may read any. */
function headerNamesOf(options: RouteOptionsLike): string[] | null {
  if (!options.headers) return null;
  const names = Object.keys((options.headers as TObject).properties).map((n) =>
    n.toLowerCase().replace(/_/g, '-'),
  );
  if (options.body) names.push('content-type');
  if (options.cookies) names.push('cookie');
  return names;
}

/** Compiles `def` into the CompiledRoute at position `index`. */
export function compileRoute(def: RouteDefinition, index: number, defaults: RouteDefaults): CompiledRoute {
  const where = `${def.method} ${def.path.pattern}`;
  const bind = compileBinder(def.path.paramNames, def.options, where);
  const encode = compileEncoder({
    options: def.options,
    method: def.method,
    pattern: def.path.pattern,
    where,
    plugins: def.plugins,
    validateResponse: def.options.validateResponse ?? defaults.validateResponse,
    logger: defaults.logger,
  });
  const handler = def.handler as (ctx: RequestContext) => unknown;
  const bodyLimit = def.options.bodyLimit ?? defaults.bodyLimit;
  const logger = defaults.logger;
  const fail = (error: unknown) => errorToResponse(error, logger, where);
  const encodeAsync = (result: unknown) => encode(result);

  const run = (params: readonly string[], raw: RawRequest): BoltResponse | Promise<BoltResponse> => {
    if (raw.body && raw.body.length > bodyLimit) return errorResponse(413);
    try {
      const ctx = bind(raw, params);
      if (!(ctx instanceof RequestContext)) return ctx;
      const result = handler(ctx);
      if (isThenable(result)) return Promise.resolve(result).then(encodeAsync).catch(fail);
      const response = encode(result);
      return isThenable(response) ? Promise.resolve(response).catch(fail) : response;
    } catch (error) {
      return fail(error);
    }
  };

  return Object.freeze({
    index,
    methods: def.method === 'GET' ? ['GET', 'HEAD'] : [def.method],
    pattern: def.path.pattern,
    paramNames: def.path.paramNames,
    catchAll: def.path.catchAll,
    bodyLimit,
    headerNames: headerNamesOf(def.options),
    compress: def.options.compress ?? true,
    run,
  });
}
