/**
 * The compile step: route definitions become the CompiledApp transports consume, with Bolt's own
 * router behind `handle` and `match`. 404, 405 + Allow, automatic HEAD and OPTIONS are decided here.
 */
import { AppErrorCode, BoltAppError } from '../errors.js';
import { errorResponse } from '../http/error-response.js';
import { RouteTable } from '../router/route-table.js';
import { Router } from '../router/router.js';
import type {
  BoltResponse,
  CompiledApp,
  CompiledRoute,
  RawRequest,
  RoutePattern,
} from '../transport/contract.js';
import { compileRoute, type RouteDefaults, type RouteDefinition } from './compile-route.js';

function optionsResponse(allow: string): BoltResponse {
  return { status: 204, headers: ['allow', allow], body: null };
}

/** The route table by pattern: what engines register, with the 405 and OPTIONS answers decided here. */
function routeTable(routes: readonly CompiledRoute[]): RoutePattern[] {
  const byPattern = new Map<string, { routes: number[]; table: RouteTable<CompiledRoute> }>();
  for (const route of routes) {
    let entry = byPattern.get(route.pattern);
    if (!entry) {
      entry = { routes: [], table: new RouteTable<CompiledRoute>() };
      byPattern.set(route.pattern, entry);
    }
    entry.routes.push(route.index);
    for (const method of route.methods)
      if (method !== 'HEAD' || route.methods.length === 1) entry.table.set(method, route);
  }
  return [...byPattern].map(([pattern, { routes: indices, table }]) =>
    Object.freeze({
      pattern,
      routes: Object.freeze(indices),
      allow: table.allow,
      methodNotAllowed: errorResponse(405, ['allow', table.allow]),
      options: table.get('OPTIONS') ? undefined : optionsResponse(table.allow),
    }),
  );
}

/** Compiles every definition; throws BOLT_ERR_ROUTE_DUPLICATE when two share a method and path. */
export function compileApp(definitions: readonly RouteDefinition[], defaults: RouteDefaults): CompiledApp {
  const router = new Router<CompiledRoute>();
  const explicitHead = new Set(definitions.filter((d) => d.method === 'HEAD').map((d) => d.path.pattern));
  const routes = definitions.map((def, index) => {
    const compiled = compileRoute(def, index, defaults);
    const route =
      def.method === 'GET' && explicitHead.has(compiled.pattern)
        ? { ...compiled, methods: ['GET'] }
        : compiled;
    if (!router.add(def.method, def.path, route)) {
      throw new BoltAppError(
        AppErrorCode.ROUTE_DUPLICATE,
        `Route ${def.method} ${def.path.pattern} is declared twice; remove one or change its path.`,
      );
    }
    return route;
  });

  const patterns = routeTable(routes);

  const match: CompiledApp['match'] = (method, path) => {
    const found = router.match(method, path);
    return found.kind === 'found' ? { route: found.route, params: found.params } : undefined;
  };

  const handle = (raw: RawRequest): BoltResponse | Promise<BoltResponse> => {
    const found = router.match(raw.method, raw.path);
    if (found.kind === 'found') return found.route.run(found.params, raw);
    if (found.kind === 'method-not-allowed') {
      if (raw.method === 'OPTIONS') return optionsResponse(found.allow);
      return errorResponse(405, ['allow', found.allow]);
    }
    return errorResponse(404);
  };

  return Object.freeze({
    routes: Object.freeze(routes),
    bodyLimit: defaults.bodyLimit,
    handle,
    match,
    errorResponse: (status: number) => errorResponse(status),
    patterns,
    hooksOnEveryRequest: false,
    startup: async () => {},
    shutdown: async () => {},
  });
}
