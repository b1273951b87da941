/**
 * BoltAPI: where routes are declared. It records definitions; `compile()` turns them into the
 * CompiledApp that `inject`, the node:http adapter and every transport consume.
 */
import type { ValidationIssue } from '@bolt/schema';
import { type BoltCompiledApp, compileApp } from '../compile/compile-app.js';
import type { RouteDefinition } from '../compile/compile-route.js';
import type { RouteOptionsLike } from '../compile/route-options-like.js';
import { AppErrorCode, BoltAppError } from '../errors.js';
import { encodeResponseObject } from '../http/encode-response-object.js';
import { type ErrorFormat, errorAnswers } from '../http/error-format.js';
import type { ResponseObject } from '../http/responses.js';
import { type InjectRequest, type InjectResponse, inject } from '../inject/inject.js';
import { defaultLogger, type Logger } from '../log/logger.js';
import { HookSet } from '../pipeline/hook-set.js';
import type { ErrorClass, ErrorHandler, HookMap, HookName, NativeForm } from '../pipeline/hook-types.js';
import { requestIdHooks } from '../pipeline/request-id-hooks.js';
import { joinPaths, parsePathPattern } from '../router/path-pattern.js';
import type { BoltResponse } from '../transport/contract.js';
import { WebSocketHub } from '../websocket/hub.js';
import type { PubSubAdapter } from '../websocket/pubsub-adapter.js';
import type { WebSocketDefinition } from '../websocket/upgrade.js';
import type { WebSocketHandlers, WebSocketOptions } from '../websocket/websocket-types.js';
import type { BoltPlugin } from './plugin.js';
import type { Handler, JoinPath, PrefixRoutes, RouteOptions, RouteRecord } from './route-types.js';

/** Options of a BoltAPI. */
export interface BoltAPIOptions {
  /** Prefix of every route of this API, e.g. `/users`. Default none. */
  prefix?: string;
  /** Default largest request body, in bytes. Default 1 MiB (1 048 576). */
  bodyLimit?: number;
  /** Validate every response against its model before sending. Default false. */
  validateResponse?: boolean;
  /** Plugins for every route of this API (and of APIs it includes). */
  plugins?: BoltPlugin[];
  /** A pino-compatible logger. Default: pino to stderr at `BOLT_LOG_LEVEL` (info). */
  logger?: Logger;
  /**
   * Shape of every error answer: `detail` (FastAPI's `{"detail": ...}`, the default) or
   * `problem+json` (RFC 9457, with Bolt's error `code`). Root API only.
   */
  errorFormat?: ErrorFormat;
  /** Replaces the 422 answer; it receives every failing input at once. Root API only. */
  validationError?: (issues: readonly ValidationIssue[]) => ResponseObject;
  /**
   * Returns the request id in a response header on every answer (404s and errors included):
   * `true` for `x-request-id`, or the header name. Root API only. Default off.
   */
  requestId?: boolean | string;
  /** Writes one info line per request (method, path, status, duration, request id) once it is finished. Root API only. */
  accessLog?: boolean;
  /**
   * Carries WebSocket `publish` to every other process and machine (e.g. `redisPubSub()` from
   * @bolt/middleware). Root API only. Default: topics reach this process's sockets only.
   */
  pubsub?: PubSubAdapter;
}

/** Methods routes may use. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
const METHODS = new Set<string>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

interface Declared {
  method: string;
  path: string;
  options: RouteOptionsLike;
  handler: (ctx: never) => unknown;
  /** The route's own hooks (route options), when it declares any. */
  hooks: HookSet | undefined;
  websocket?: WebSocketDefinition;
}

/** A custom 422 answer, encoded like any response helper (a file would be async: refused). */
function encodeValidationAnswer(answer: ResponseObject): BoltResponse {
  if (answer.kind === 'file') {
    throw new BoltAppError(
      AppErrorCode.ROUTE_OPTION_INVALID,
      'validationError must return json(), text() or html(), not file().',
    );
  }
  return encodeResponseObject(answer, (data) => JSON.stringify(data ?? null)) as BoltResponse;
}

const PHASES: readonly HookName[] = ['onRequest', 'preHandler', 'onSend', 'onResponse', 'onError'];

/** The route options' hooks as a set, or undefined when it has none. */
function routeHooks(options: RouteOptionsLike): HookSet | undefined {
  let set: HookSet | undefined;
  for (const phase of PHASES) {
    const given = options[phase];
    if (!given) continue;
    set ??= new HookSet();
    for (const fn of Array.isArray(given) ? given : [given]) set.add(phase, fn as HookMap[typeof phase]);
  }
  return set;
}

type Empty = Record<never, never>;

/** What the implementations of the typed overloads return (the overloads say what it is). */
type AnyAPI = BoltAPI<any, any>;

/**
 * The API type after one more route: its record (options and the handler's return type) joins
 * `Routes` under the full path. The return type, not the handler, is kept: a client re-reading a
 * contextually typed handler would instantiate its whole context again per call.
 */
type Added<
  Prefix extends string,
  Routes extends object,
  M extends string,
  P extends string,
  O,
  H extends (...args: never[]) => unknown,
> = BoltAPI<Prefix, Routes & RouteRecord<M, JoinPath<Prefix, P>, O, ReturnType<H>>>;

/**
 * An API: routes, a prefix, plugins.
 *
 * @example
 * const api = new BoltAPI();
 * api.get('/items/{item_id}', { params: t.Object({ item_id: t.Integer() }) }, ({ params }) => params);
 * await api.inject({ method: 'GET', url: '/items/1' }); // 200 {"item_id":1}
 */
export class BoltAPI<Prefix extends string = string, out Routes extends object = {}> {
  readonly prefix: string;
  /**
   * The routes declared so far, by `METHOD /full/path`, for typed clients (`@bolt/client`). Type
   * level only (undefined at run time); declare routes by chaining (`new BoltAPI().get(...).post(...)`)
   * to keep them: a statement `api.get(...)` adds the route but not its type.
   */
  declare readonly '~routes': Routes;
  readonly #options: Readonly<BoltAPIOptions>;
  readonly #declared: Declared[] = [];
  readonly #children: BoltAPI[] = [];
  readonly #plugins: BoltPlugin[] = [];
  readonly #hooks = new HookSet();
  /** The native form of the plugin whose `register` is running: hooks it adds are tagged with it. */
  #registering: NativeForm | undefined;
  #compiled: BoltCompiledApp | undefined;
  #hub: WebSocketHub | undefined;

  constructor(options: BoltAPIOptions & { prefix?: Prefix } = {}) {
    this.#options = Object.freeze({ ...options });
    this.prefix = options.prefix ?? '';
    const id = options.requestId;
    if (id) requestIdHooks(this.#hooks, typeof id === 'string' ? id : 'x-request-id');
    if (options.accessLog) {
      this.#hooks.add('onResponse', (request, outcome) => {
        request.log.info(
          {
            method: request.method,
            path: request.path,
            status: outcome.status,
            durationMs: Math.round(outcome.durationMs * 1000) / 1000,
            aborted: outcome.aborted,
          },
          'request',
        );
      });
    }
    for (const plugin of options.plugins ?? []) this.use(plugin);
  }

  /** GET route; HEAD is answered automatically. */
  get<P extends string, H extends Handler<P, Empty>>(
    path: P,
    handler: H,
  ): Added<Prefix, Routes, 'GET', P, Empty, H>;
  get<P extends string, O extends RouteOptions<P>, H extends Handler<P, O>>(
    path: P,
    options: O,
    handler: H,
  ): Added<Prefix, Routes, 'GET', P, O, H>;
  get(path: string, a: unknown, b?: unknown): AnyAPI {
    return this.#add('GET', path, a, b);
  }

  post<P extends string, H extends Handler<P, Empty>>(
    path: P,
    handler: H,
  ): Added<Prefix, Routes, 'POST', P, Empty, H>;
  post<P extends string, O extends RouteOptions<P>, H extends Handler<P, O>>(
    path: P,
    options: O,
    handler: H,
  ): Added<Prefix, Routes, 'POST', P, O, H>;
  post(path: string, a: unknown, b?: unknown): AnyAPI {
    return this.#add('POST', path, a, b);
  }

  put<P extends string, H extends Handler<P, Empty>>(
    path: P,
    handler: H,
  ): Added<Prefix, Routes, 'PUT', P, Empty, H>;
  put<P extends string, O extends RouteOptions<P>, H extends Handler<P, O>>(
    path: P,
    options: O,
    handler: H,
  ): Added<Prefix, Routes, 'PUT', P, O, H>;
  put(path: string, a: unknown, b?: unknown): AnyAPI {
    return this.#add('PUT', path, a, b);
  }

  patch<P extends string, H extends Handler<P, Empty>>(
    path: P,
    handler: H,
  ): Added<Prefix, Routes, 'PATCH', P, Empty, H>;
  patch<P extends string, O extends RouteOptions<P>, H extends Handler<P, O>>(
    path: P,
    options: O,
    handler: H,
  ): Added<Prefix, Routes, 'PATCH', P, O, H>;
  patch(path: string, a: unknown, b?: unknown): AnyAPI {
    return this.#add('PATCH', path, a, b);
  }

  delete<P extends string, H extends Handler<P, Empty>>(
    path: P,
    handler: H,
  ): Added<Prefix, Routes, 'DELETE', P, Empty, H>;
  delete<P extends string, O extends RouteOptions<P>, H extends Handler<P, O>>(
    path: P,
    options: O,
    handler: H,
  ): Added<Prefix, Routes, 'DELETE', P, O, H>;
  delete(path: string, a: unknown, b?: unknown): AnyAPI {
    return this.#add('DELETE', path, a, b);
  }

  head<P extends string, H extends Handler<P, Empty>>(
    path: P,
    handler: H,
  ): Added<Prefix, Routes, 'HEAD', P, Empty, H>;
  head<P extends string, O extends RouteOptions<P>, H extends Handler<P, O>>(
    path: P,
    options: O,
    handler: H,
  ): Added<Prefix, Routes, 'HEAD', P, O, H>;
  head(path: string, a: unknown, b?: unknown): AnyAPI {
    return this.#add('HEAD', path, a, b);
  }

  options<P extends string, H extends Handler<P, Empty>>(
    path: P,
    handler: H,
  ): Added<Prefix, Routes, 'OPTIONS', P, Empty, H>;
  options<P extends string, O extends RouteOptions<P>, H extends Handler<P, O>>(
    path: P,
    options: O,
    handler: H,
  ): Added<Prefix, Routes, 'OPTIONS', P, O, H>;
  options(path: string, a: unknown, b?: unknown): AnyAPI {
    return this.#add('OPTIONS', path, a, b);
  }

  /** One handler for several methods. @example api.route(['GET', 'POST'], '/echo', {}, (ctx) => ctx.body ?? null); */
  route<M extends HttpMethod, P extends string, O extends RouteOptions<P>, H extends Handler<P, O>>(
    methods: readonly M[],
    path: P,
    options: O,
    handler: H,
  ): Added<Prefix, Routes, M, P, O, H>;
  route(methods: readonly HttpMethod[], path: string, options: unknown, handler: unknown): AnyAPI {
    for (const method of methods) this.#add(method, path, options, handler);
    return this;
  }

  /**
   * WebSocket route. The upgrade request is bound and checked like a GET (params, query, headers,
   * cookies, deps, hooks: a 401/403/422 refuses it before the handshake); a GET without
   * `upgrade: websocket` is answered 426.
   *
   * @example
   * api.ws('/ws/echo', { message(ws, data) { ws.send(data); } });
   * api.ws('/ws/chat/{room}', { message: t.Object({ text: t.String() }) }, {
   *   open(ws) { ws.subscribe(ws.ctx.params.room); },
   *   message(ws, msg) { ws.publish(ws.ctx.params.room, JSON.stringify({ text: msg.text })); },
   * });
   */
  ws<P extends string>(path: P, handlers: WebSocketHandlers<P, Empty>): this;
  ws<P extends string, const O extends WebSocketOptions<P>>(
    path: P,
    options: O,
    handlers: WebSocketHandlers<P, O>,
  ): this;
  ws(path: string, a: unknown, b?: unknown): this {
    const handlers = (b === undefined ? a : b) as WebSocketDefinition['handlers'] | undefined;
    const options = (b === undefined ? {} : (a ?? {})) as RouteOptionsLike;
    if (!handlers || typeof handlers !== 'object') {
      throw new BoltAppError(
        AppErrorCode.ROUTE_HANDLER_MISSING,
        `WebSocket route ${path} has no handlers; pass an object as the last argument: api.ws('${path}', { message(ws, data) { ... } }).`,
      );
    }
    const route = this.#add('GET', path, options, () => undefined);
    const declared = this.#declared[this.#declared.length - 1] as Declared;
    declared.websocket = { handlers };
    return route;
  }

  /**
   * Publishes to every WebSocket subscribed to `topic`, in this process and, with a `pubsub`
   * adapter, in every other (from an HTTP route, a job, ...).
   */
  publish(topic: string, data: string | Uint8Array): void {
    this.compile();
    this.#hub?.publish(topic, data);
  }

  /**
   * Adds a plugin to every route of this API (and of APIs it includes): its result resolver, and
   * whatever its `register` adds (hooks, error handlers, lifecycle handlers, routes).
   */
  use(plugin: BoltPlugin): this {
    this.#plugins.push(plugin);
    if (plugin.register) {
      const outer = this.#registering;
      this.#registering = plugin.native;
      try {
        plugin.register(this);
      } finally {
        this.#registering = outer;
      }
    }
    this.#compiled = undefined;
    return this;
  }

  /**
   * Adds a hook to a phase for every route of this API and the APIs it includes; on the root API,
   * also for requests no route matched. Hooks run in registration order (DESIGN.md, "The request pipeline").
   *
   * @example
   * api.addHook('onSend', (request, response) => ({ ...response, headers: [...response.headers, 'x-served-by', 'bolt'] }));
   */
  addHook<K extends HookName>(phase: K, hook: HookMap[K]): this {
    if (!PHASES.includes(phase)) {
      throw new BoltAppError(
        AppErrorCode.ROUTE_OPTION_INVALID,
        `Unknown hook phase "${String(phase)}"; use one of ${PHASES.join(', ')}.`,
      );
    }
    if (typeof hook !== 'function') {
      throw new BoltAppError(AppErrorCode.ROUTE_OPTION_INVALID, `The ${phase} hook must be a function.`);
    }
    this.#hooks.add(phase, hook, this.#registering);
    this.#compiled = undefined;
    return this;
  }

  /**
   * Turns errors of `type` thrown in this API's routes (hooks and dependencies included) into the
   * response `handler` returns. The nearest API's handler wins.
   *
   * @example
   * class Conflict extends Error {}
   * api.onError(Conflict, (error) => json({ detail: error.message }, { status: 409 }));
   */
  onError<E>(type: ErrorClass<E>, handler: ErrorHandler<E>): this {
    this.#hooks.errorHandlers.push({ type, handler: handler as ErrorHandler<unknown> });
    this.#compiled = undefined;
    return this;
  }

  /** Runs `handler` in every process and worker before it serves; a failure stops the server. */
  onStartup(handler: () => unknown): this {
    this.#hooks.startup.push(handler);
    return this;
  }

  /** Runs `handler` in every process and worker after in-flight requests drained. */
  onShutdown(handler: () => unknown): this {
    this.#hooks.shutdown.push(handler);
    return this;
  }

  /**
   * Runs `handler` in every process and worker the moment a drain starts (before in-flight requests
   * finish), however it was asked for: a signal, the supervisor, or `server.close()`.
   */
  onDrain(handler: () => unknown): this {
    this.#hooks.drain.push(handler);
    return this;
  }

  /** Mounts another API's routes under this one's prefix (its own prefix still applies). */
  include<C extends BoltAPI<string, object>>(
    child: C,
  ): BoltAPI<Prefix, Routes & PrefixRoutes<Prefix, C['~routes']>>;
  include(child: BoltAPI<string, object>): AnyAPI {
    if (child === this)
      throw new BoltAppError(AppErrorCode.ROUTE_PATH_INVALID, 'An API cannot include itself.');
    this.#children.push(child);
    this.#compiled = undefined;
    return this;
  }

  /** Every route with prefixes applied, inherited plugins and hook sets, in declaration order. */
  definitions(
    parentPrefix = '',
    parentPlugins: readonly BoltPlugin[] = [],
    parentSets: readonly HookSet[] = [],
  ): RouteDefinition[] {
    const prefix = joinPaths(parentPrefix, this.prefix);
    const plugins = [...parentPlugins, ...this.#plugins];
    const sets = [...parentSets, this.#hooks];
    const own = this.#declared.map((d) => ({
      method: d.method,
      path: parsePathPattern(joinPaths(prefix, d.path)),
      options: d.options,
      handler: d.handler,
      ...(d.websocket ? { websocket: d.websocket } : {}),
      plugins,
      hookSets: d.hooks ? [...sets, d.hooks] : sets,
    }));
    return [...own, ...this.#children.flatMap((child) => child.definitions(prefix, plugins, sets))];
  }

  /** This API's hook set and those of every API it includes, outermost first. */
  hookSets(): HookSet[] {
    return [this.#hooks, ...this.#children.flatMap((child) => child.hookSets())];
  }

  /** Compiles the app once (cached until routes change). Schema and path mistakes throw here. */
  compile(): BoltCompiledApp {
    if (this.#compiled) return this.#compiled;
    const validationError = this.#options.validationError;
    const logger = this.#options.logger ?? defaultLogger();
    this.#hub ??= new WebSocketHub(logger, this.#options.pubsub);
    this.#compiled = compileApp(this.definitions(), {
      bodyLimit: this.#options.bodyLimit ?? 1024 * 1024,
      validateResponse: this.#options.validateResponse ?? false,
      logger,
      hub: this.#hub,
      answers: errorAnswers(
        this.#options.errorFormat,
        validationError && ((issues) => encodeValidationAnswer(validationError(issues))),
      ),
      root: this.#hooks,
      allSets: this.hookSets(),
    });
    return this.#compiled;
  }

  /**
   * Runs one request in memory, through the same code paths as a real transport (the app's
   * start-up handlers run before the first one).
   * @example const res = await api.inject({ method: 'GET', url: '/' }); res.json()
   */
  async inject(request: InjectRequest): Promise<InjectResponse> {
    const app = this.compile();
    await app.startup();
    return inject(app, request);
  }

  /** Runs the shutdown handlers of the compiled app (after `inject` tests, say). */
  close(): Promise<void> {
    return this.#compiled ? this.#compiled.shutdown() : Promise.resolve();
  }

  #add(method: string, path: string, a: unknown, b: unknown): this {
    if (!METHODS.has(method)) {
      throw new BoltAppError(
        AppErrorCode.ROUTE_METHOD_INVALID,
        `Method "${method}" is not one of ${[...METHODS].join(', ')}.`,
      );
    }
    const handler = (typeof a === 'function' ? a : b) as Declared['handler'];
    const options = (typeof a === 'function' ? {} : (a ?? {})) as RouteOptionsLike;
    if (typeof handler !== 'function') {
      throw new BoltAppError(
        AppErrorCode.ROUTE_HANDLER_MISSING,
        `Route ${method} ${path} has no handler; pass a function as the last argument: api.${method.toLowerCase()}('${path}', options, (ctx) => ...).`,
      );
    }
    parsePathPattern(path);
    this.#checkParams(method, path, options);
    this.#declared.push({ method, path, options, handler, hooks: routeHooks(options) });
    this.#compiled = undefined;
    return this;
  }

  #checkParams(method: string, path: string, options: RouteOptionsLike): void {
    if (!options.params) return;
    const inPath = new Set(parsePathPattern(path).paramNames);
    const declared = Object.keys((options.params as { properties?: object }).properties ?? {});
    const stray = declared.filter((name) => !inPath.has(name));
    if (stray.length > 0) {
      throw new BoltAppError(
        AppErrorCode.ROUTE_PARAMS_MISMATCH,
        `Route ${method} ${path}: params schema names ${stray.map((s) => `"${s}"`).join(', ')} which the path does not contain.`,
      );
    }
  }
}
