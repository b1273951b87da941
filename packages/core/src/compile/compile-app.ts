/**
 * The compile step: route definitions become the CompiledApp transports consume, with Bolt's own
 * router behind `handle` and `match`. 404, 405 + Allow, automatic HEAD and OPTIONS are decided
 * here, and so is the route table engines register (`patterns`). The app's own hooks wrap `handle`
 * so that unmatched requests see them too.
 */
import { AppErrorCode, BoltAppError } from '../errors.js';
import type { ErrorAnswers } from '../http/error-format.js';
import type { Logger } from '../log/logger.js';
import { type ResourceValues, resourcesIn } from '../pipeline/dependency.js';
import { compileErrorStep } from '../pipeline/handle-error.js';
import { type HookSet, hooksOf } from '../pipeline/hook-set.js';
import type { NativeForm } from '../pipeline/hook-types.js';
import { compileLifecycle } from '../pipeline/lifecycle.js';
import { isThenable } from '../pipeline/maybe-async.js';
import { RequestScope } from '../pipeline/request-scope.js';
import { runSequence } from '../pipeline/route-pipeline.js';
import { compileSend } from '../pipeline/send.js';
import { RouteTable } from '../router/route-table.js';
import { Router } from '../router/router.js';
import type {
  BoltResponse,
  CompiledApp,
  CompiledRoute,
  RawRequest,
  RoutePattern,
} from '../transport/contract.js';
import type { WebSocketHub } from '../websocket/hub.js';
import { compileEncoder } from './compile-encoder.js';
import {
  type CompiledRouteEntry,
  compileRoute,
  nativeFormsOf,
  type RouteDefinition,
} from './compile-route.js';

/** App-wide settings, the app's own hook set, and what the engine runs natively. */
export interface AppSetup {
  bodyLimit: number;
  validateResponse: boolean;
  logger: Logger;
  answers: ErrorAnswers;
  /** The root API's hooks, error handlers and lifecycle handlers. */
  root: HookSet;
  /** Every hook set of the app (root and included APIs), for lifecycle handlers. */
  allSets: readonly HookSet[];
  /** Native form kinds the engine runs itself. */
  skipNative?: ReadonlySet<string>;
  /** The app's WebSockets and topics (one per API, kept when `withNative` recompiles). */
  hub: WebSocketHub;
}

/** A CompiledApp as core builds it: `withNative` recompiles it for an engine that runs native forms. */
export interface BoltCompiledApp extends CompiledApp {
  /** The native forms plugins declared (a CORS policy, a rate limit, ...), for engines that run them. */
  readonly nativeForms: readonly NativeForm[];
  /** The same app without the JS hooks of the native forms of `kinds` (the engine runs those itself). */
  withNative(kinds: readonly string[]): BoltCompiledApp;
  /**
   * The root API's hooks, in run order, each as its native form (null: a hook without one), for
   * an engine that gives some answers itself (a preflight) and must reproduce what these hooks
   * would add to them in JS.
   */
  readonly rootHooks: RootHooks;
}

export interface RootHooks {
  readonly onRequest: readonly (NativeForm | null)[];
  readonly onSend: readonly (NativeForm | null)[];
  readonly onResponse: number;
  readonly onError: number;
}

function optionsResponse(allow: string): BoltResponse {
  return { status: 204, headers: ['allow', allow], body: null };
}

/** The route table by pattern: what engines register, with the 405 and OPTIONS answers decided here. */
function routeTable(routes: readonly CompiledRoute[], answers: ErrorAnswers): RoutePattern[] {
  const byPattern = new Map<string, { routes: number[]; table: RouteTable<CompiledRoute> }>();
  for (const route of routes) {
    let entry = byPattern.get(route.pattern);
    if (!entry) {
      entry = { routes: [], table: new RouteTable<CompiledRoute>() };
      byPattern.set(route.pattern, entry);
    }
    entry.routes.push(route.index);
    for (const method of route.methods) {
      if (method !== 'HEAD' || route.methods.length === 1) entry.table.set(method, route);
    }
  }
  return [...byPattern].map(([pattern, { routes: indices, table }]) =>
    Object.freeze({
      pattern,
      routes: Object.freeze(indices),
      allow: table.allow,
      methodNotAllowed: answers.fixed(405, ['allow', table.allow]),
      options: table.get('OPTIONS') ? undefined : optionsResponse(table.allow),
    }),
  );
}

/** Compiles every definition; throws BOLT_ERR_ROUTE_DUPLICATE when two share a method and path. */
export function compileApp(definitions: readonly RouteDefinition[], setup: AppSetup): BoltCompiledApp {
  const { answers, logger, root } = setup;
  const skipNative = setup.skipNative ?? new Set<string>();
  const resources: ResourceValues = new Map();
  const defaults = { ...setup, skipNative, resources };
  const router = new Router<CompiledRoute>();
  const entries = new Map<CompiledRoute, CompiledRouteEntry>();
  const explicitHead = new Set(definitions.filter((d) => d.method === 'HEAD').map((d) => d.path.pattern));
  const routes = definitions.map((def, index) => {
    const entry = compileRoute(def, index, defaults);
    const route =
      def.method === 'GET' && explicitHead.has(entry.route.pattern)
        ? Object.freeze({ ...entry.route, methods: ['GET'] })
        : entry.route;
    if (!router.add(def.method, def.path, route)) {
      throw new BoltAppError(
        AppErrorCode.ROUTE_DUPLICATE,
        `Route ${def.method} ${def.path.pattern} is declared twice; remove one or change its path.`,
      );
    }
    entries.set(route, { route, enter: entry.enter });
    return route;
  });
  const patterns = routeTable(routes, answers);

  const match: CompiledApp['match'] = (method, path) => {
    const found = router.match(method, path);
    return found.kind === 'found' ? { route: found.route, params: found.params } : undefined;
  };

  const unmatched = (raw: RawRequest, allow: string | undefined): BoltResponse => {
    if (allow === undefined) return answers.fixed(404);
    return raw.method === 'OPTIONS' ? optionsResponse(allow) : answers.fixed(405, ['allow', allow]);
  };

  const plainHandle = (raw: RawRequest): BoltResponse | Promise<BoltResponse> => {
    const found = router.match(raw.method, raw.path);
    if (found.kind === 'found') return found.route.run(found.params, raw);
    return unmatched(raw, found.kind === 'method-not-allowed' ? found.allow : undefined);
  };

  const rootOnRequest = hooksOf([root], 'onRequest', skipNative);
  const rootOnSend = hooksOf([root], 'onSend', skipNative);
  const rootOnResponse = hooksOf([root], 'onResponse', skipNative);
  const rootOnError = hooksOf([root], 'onError', skipNative);
  const hooksOnEveryRequest =
    rootOnRequest.length + rootOnSend.length + rootOnResponse.length + rootOnError.length > 0;
  let handle = plainHandle;
  if (hooksOnEveryRequest) {
    const plainEncode = compileEncoder({
      options: {},
      method: '*',
      pattern: '*',
      where: 'the app',
      plugins: [],
      validateResponse: false,
      logger,
      answers,
    });
    const send = compileSend(rootOnSend, rootOnResponse, logger, answers);
    const onError = compileErrorStep(
      root.errorHandlers,
      rootOnError,
      plainEncode,
      logger,
      'the app',
      answers,
    );
    const sendReply = (scope: RequestScope, r: BoltResponse | Promise<BoltResponse>) =>
      isThenable(r) ? r.then((x) => send(scope, x)) : send(scope, r);
    const routed = (scope: RequestScope): BoltResponse | Promise<BoltResponse> => {
      const raw = scope.raw;
      const found = router.match(raw.method, raw.path);
      if (found.kind === 'found') {
        const enter = entries.get(found.route)?.enter;
        // A route always has a pipeline when the app has hooks; `run` is the fallback for safety.
        return enter ? enter(scope, found.params) : sendReply(scope, found.route.run(found.params, raw));
      }
      return send(scope, unmatched(raw, found.kind === 'method-not-allowed' ? found.allow : undefined));
    };
    handle = (raw) => {
      const scope = new RequestScope(raw, logger, undefined, rootOnResponse.length > 0);
      const fail = (error: unknown) => sendReply(scope, onError(error, scope));
      try {
        const out = runSequence(
          rootOnRequest,
          (hook) => hook(scope),
          (answer) => sendReply(scope, plainEncode(answer)),
          () => routed(scope),
        );
        return isThenable(out) ? out.catch(fail) : out;
      } catch (error) {
        return fail(error);
      }
    };
  }

  const usedResources = new Set(definitions.flatMap((d) => [...resourcesIn(d.options.deps ?? {})]));
  const lifecycle = compileLifecycle(setup.allSets, usedResources, resources, logger);
  const nativeForms = nativeFormsOf(setup.allSets);
  const formsOf = (phase: 'onRequest' | 'onSend') =>
    Object.freeze(
      root.hooks[phase]
        .filter((h) => !h.native || !skipNative.has(h.native.kind))
        .map((h) => h.native ?? null),
    );
  const rootHooks: RootHooks = Object.freeze({
    onRequest: formsOf('onRequest'),
    onSend: formsOf('onSend'),
    onResponse: rootOnResponse.length,
    onError: rootOnError.length,
  });

  return Object.freeze({
    routes: Object.freeze(routes),
    bodyLimit: setup.bodyLimit,
    handle,
    match,
    errorResponse: (status: number) => answers.fixed(status),
    patterns,
    hooksOnEveryRequest,
    // The pub/sub relay is up before start-up handlers (they may publish) and down after shutdown ones.
    startup: async () => {
      await setup.hub.start();
      await lifecycle.startup();
    },
    shutdown: async () => {
      await lifecycle.shutdown();
      await setup.hub.stop();
    },
    drain: lifecycle.drain,
    webSockets: setup.hub,
    nativeForms,
    rootHooks,
    withNative: (kinds: readonly string[]) =>
      compileApp(definitions, { ...setup, skipNative: new Set([...skipNative, ...kinds]) }),
  });
}
