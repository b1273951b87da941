/**
 * One route compiled into the closures transports call: bind, invoke, encode, wrapped in `run`,
 * which never throws. A route without hooks or dependencies keeps the direct path (synchronous
 * handlers answer synchronously, nothing is allocated for the pipeline); one with them runs
 * through its compiled pipeline (src/pipeline).
 */
import type { TObject } from '@bolt/schema';
import type { BoltPlugin } from '../api/plugin.js';
import { routeBody } from '../forms/route-body.js';
import { releasingUploads } from '../forms/upload-cleanup.js';
import type { ErrorAnswers } from '../http/error-format.js';
import type { Logger } from '../log/logger.js';
import { compileDeps, type ResourceValues } from '../pipeline/dependency.js';
import { compileErrorStep } from '../pipeline/handle-error.js';
import { type HookSet, hooksOf } from '../pipeline/hook-set.js';
import type { NativeForm } from '../pipeline/hook-types.js';
import { isThenable } from '../pipeline/maybe-async.js';
import { RequestScope } from '../pipeline/request-scope.js';
import { compileRoutePipeline, type RoutePipeline } from '../pipeline/route-pipeline.js';
import { compileSend } from '../pipeline/send.js';
import type { PathPattern } from '../router/path-pattern.js';
import type { BoltResponse, CompiledRoute, RawRequest } from '../transport/contract.js';
import type { WebSocketHub } from '../websocket/hub.js';
import { compileUpgrade, type WebSocketDefinition } from '../websocket/upgrade.js';
import type { WebSocketOptions } from '../websocket/websocket-types.js';
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
  /** Hook sets from the app down to the route's own (encapsulation: each API's hooks reach only its routes). */
  hookSets: readonly HookSet[];
  /** Set on a WebSocket route (`api.ws`): its handlers; `handler` is then unused. */
  websocket?: WebSocketDefinition;
}

/** App-wide settings a route falls back on. */
export interface RouteDefaults {
  bodyLimit: number;
  validateResponse: boolean;
  logger: Logger;
  answers: ErrorAnswers;
  /** Native form kinds the engine runs itself: their JS hooks are left out. */
  skipNative: ReadonlySet<string>;
  /** Started resources of this compiled app, read by dependencies. */
  resources: ResourceValues;
  /** The app's WebSockets and topics. */
  hub: WebSocketHub;
}

/** The header names a route reads, or null when its handler may read any. */
function headerNamesOf(
  options: RouteOptionsLike,
  hasPipeline: boolean,
  isWebSocket: boolean,
): string[] | null {
  // Hooks and dependencies may read any header (an API key, a forwarded address); an upgrade
  // reads the handshake's.
  if (!options.headers || hasPipeline || isWebSocket) return null;
  const names = Object.keys((options.headers as TObject).properties).map((n) =>
    n.toLowerCase().replace(/_/g, '-'),
  );
  if (options.body) names.push('content-type');
  if (options.cookies) names.push('cookie');
  return names;
}

/** The native forms of the hooks in `sets` (each once, outermost first). */
export function nativeFormsOf(sets: readonly HookSet[]): NativeForm[] {
  const seen = new Set<NativeForm>();
  for (const set of sets) {
    for (const list of Object.values(set.hooks))
      for (const hook of list) if (hook.native) seen.add(hook.native);
  }
  return [...seen];
}

/**
 * The native form of the route's only dependency, when nothing answers before it in JS (no other
 * dependency, nothing to validate); see CompiledRoute.dependencyForm.
 */
function soleDependencyForm(options: RouteOptionsLike): NativeForm | undefined {
  const deps = Object.values(options.deps ?? {});
  const [dep] = deps;
  if (deps.length !== 1 || dep?.native === undefined || Object.keys(dep.deps).length > 0) return undefined;
  const o = options as Record<string, unknown>;
  if (o.params || o.query || o.headers || o.cookies || o.body) return undefined;
  return dep.native;
}

/** A compiled route plus the entry `CompiledApp.handle` uses after the app's onRequest hooks ran. */
export interface CompiledRouteEntry {
  route: CompiledRoute;
  enter: RoutePipeline['enter'] | undefined;
}

/** Compiles `def` into the CompiledRoute at position `index`. */
export function compileRoute(
  def: RouteDefinition,
  index: number,
  defaults: RouteDefaults,
): CompiledRouteEntry {
  const where = `${def.method} ${def.path.pattern}`;
  const { logger, answers, skipNative } = defaults;
  const body = routeBody(def.options, defaults.bodyLimit, where);
  const bind = compileBinder(def.path.paramNames, def.options, where, answers, logger, { ...body, where });
  const upgrade =
    def.websocket &&
    compileUpgrade(
      def.websocket,
      def.options as WebSocketOptions,
      where,
      defaults.hub,
      defaults.logger,
      defaults.answers,
    );
  const plainEncode = compileEncoder({
    options: def.options,
    method: def.method,
    pattern: def.path.pattern,
    where,
    plugins: def.plugins,
    validateResponse: def.options.validateResponse ?? defaults.validateResponse,
    logger,
    answers,
  });
  const encode = upgrade ? upgrade.encode(plainEncode) : plainEncode;
  const handler = upgrade ? upgrade.handler : (def.handler as (ctx: RequestContext) => unknown);
  const bodyLimit = body.bodyLimit;
  const fail = (error: unknown) => errorToResponse(error, logger, where, answers);
  const encodeAsync = (result: unknown) => encode(result);
  const invoke = (ctx: RequestContext | BoltResponse): BoltResponse | Promise<BoltResponse> => {
    if (!(ctx instanceof RequestContext)) return ctx;
    const result = handler(ctx);
    if (isThenable(result)) return Promise.resolve(result).then(encodeAsync).catch(fail);
    const response = encode(result);
    return isThenable(response) ? Promise.resolve(response).catch(fail) : response;
  };

  const sets = def.hookSets;
  const phase = <K extends Parameters<typeof hooksOf>[1]>(name: K, from = 0) =>
    hooksOf(sets.slice(from), name, skipNative);
  const deps = compileDeps(def.options.deps, defaults.resources);
  const onRequest = phase('onRequest');
  const preHandler = phase('preHandler');
  const onSend = phase('onSend');
  const onResponse = phase('onResponse');
  const onError = phase('onError');
  const errorHandlers = [...sets].reverse().flatMap((set) => set.errorHandlers);
  const hasPipeline =
    deps !== undefined ||
    onRequest.length + preHandler.length + onSend.length + onResponse.length + onError.length > 0 ||
    errorHandlers.length > 0;

  const timed = onResponse.length > 0;
  let run: CompiledRoute['run'];
  let enter: RoutePipeline['enter'] | undefined;
  if (hasPipeline) {
    const matched = Object.freeze({ method: def.method, pattern: def.path.pattern });
    const pipeline = compileRoutePipeline({
      route: matched,
      onRequest,
      innerOnRequest: phase('onRequest', 1),
      preHandler,
      deps,
      bind,
      handler,
      encode,
      encodeAnswer: plainEncode,
      onErrorStep: compileErrorStep(errorHandlers, onError, plainEncode, logger, where, answers),
      send: compileSend(onSend, onResponse, logger, answers),
      newScope: (raw, route) => new RequestScope(raw, logger, route, timed),
      bodyLimit,
      tooLarge: () => answers.fixed(413),
      timed,
    });
    run = pipeline.run;
    enter = pipeline.enter;
  } else {
    run = (params: readonly string[], raw: RawRequest): BoltResponse | Promise<BoltResponse> => {
      if (raw.body && raw.body.length > bodyLimit) return answers.fixed(413);
      try {
        const ctx = bind(raw, params);
        if (ctx instanceof Promise) return ctx.then(invoke).catch(fail);
        return invoke(ctx);
      } catch (error) {
        return fail(error);
      }
    };
  }
  // Temp files of uploads are removed once the response finished, however it ended.
  if (body.limits) {
    run = releasingUploads((_params: readonly string[], raw: RawRequest) => raw, run);
    if (enter)
      enter = releasingUploads((scope: RequestScope, _params: readonly string[]) => scope.raw, enter);
  }

  const formsOf = (phase: 'onRequest' | 'onSend') =>
    Object.freeze(
      sets.flatMap((set) =>
        set.hooks[phase]
          .filter((h) => !h.native || !skipNative.has(h.native.kind))
          .map((h) => h.native ?? null),
      ),
    );
  const hookForms = Object.freeze({
    onRequest: formsOf('onRequest'),
    onSend: formsOf('onSend'),
    onResponse: onResponse.length,
    onError: onError.length,
    errorHandlers: errorHandlers.length,
  });
  const dependencyForm = soleDependencyForm(def.options);
  const hookNative = nativeFormsOf(sets);
  const route: CompiledRoute = Object.freeze({
    index,
    methods: def.method === 'GET' ? ['GET', 'HEAD'] : [def.method],
    pattern: def.path.pattern,
    paramNames: def.path.paramNames,
    catchAll: def.path.catchAll,
    bodyLimit,
    headerNames: headerNamesOf(def.options, hasPipeline, upgrade !== undefined),
    compress: upgrade ? false : (def.options.compress ?? true),
    nativeForms: Object.freeze(
      dependencyForm && !hookNative.includes(dependencyForm) ? [...hookNative, dependencyForm] : hookNative,
    ),
    hookForms,
    ...(dependencyForm ? { dependencyForm } : {}),
    // An answer given before the handler (a 401 from onRequest) passes these hooks in JS.
    hooksBesideNative:
      onRequest.length + onSend.length + onResponse.length + onError.length + errorHandlers.length > 0,
    ...(upgrade ? { websocket: upgrade.limits } : {}),
    ...(body.limits ? { multipart: body.limits } : {}),
    run,
  });
  return { route, enter };
}
