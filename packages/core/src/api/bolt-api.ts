/**
 * BoltAPI: where routes are declared. It records definitions; `compile()` turns them into the
 * CompiledApp that `inject`, the node:http adapter and every transport consume.
 */
import { compileApp } from '../compile/compile-app.js';
import type { RouteDefinition } from '../compile/compile-route.js';
import type { RouteOptionsLike } from '../compile/route-options-like.js';
import { AppErrorCode, BoltAppError } from '../errors.js';
import { type InjectRequest, type InjectResponse, inject } from '../inject/inject.js';
import { defaultLogger, type Logger } from '../log/logger.js';
import { joinPaths, parsePathPattern } from '../router/path-pattern.js';
import type { CompiledApp } from '../transport/contract.js';
import type { BoltPlugin } from './plugin.js';
import type { Handler, RouteOptions } from './route-types.js';

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
}

/** Methods routes may use. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
const METHODS = new Set<string>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

interface Declared {
  method: string;
  path: string;
  options: RouteOptionsLike;
  handler: (ctx: never) => unknown;
}

type Empty = Record<never, never>;

/**
 * An API: routes, a prefix, plugins.
 *
 * @example
 * const api = new BoltAPI();
 * api.get('/items/{item_id}', { params: t.Object({ item_id: t.Integer() }) }, ({ params }) => params);
 * await api.inject({ method: 'GET', url: '/items/1' }); // 200 {"item_id":1}
 */
export class BoltAPI {
  readonly prefix: string;
  readonly #options: Readonly<BoltAPIOptions>;
  readonly #declared: Declared[] = [];
  readonly #children: BoltAPI[] = [];
  readonly #plugins: BoltPlugin[];
  #compiled: CompiledApp | undefined;

  constructor(options: BoltAPIOptions = {}) {
    this.#options = Object.freeze({ ...options });
    this.prefix = options.prefix ?? '';
    this.#plugins = [...(options.plugins ?? [])];
  }

  /** GET route; HEAD is answered automatically. */
  get<P extends string>(path: P, handler: Handler<P, Empty>): this;
  get<P extends string, O extends RouteOptions<P>>(path: P, options: O, handler: Handler<P, O>): this;
  get(path: string, a: unknown, b?: unknown): this {
    return this.#add('GET', path, a, b);
  }

  post<P extends string>(path: P, handler: Handler<P, Empty>): this;
  post<P extends string, O extends RouteOptions<P>>(path: P, options: O, handler: Handler<P, O>): this;
  post(path: string, a: unknown, b?: unknown): this {
    return this.#add('POST', path, a, b);
  }

  put<P extends string>(path: P, handler: Handler<P, Empty>): this;
  put<P extends string, O extends RouteOptions<P>>(path: P, options: O, handler: Handler<P, O>): this;
  put(path: string, a: unknown, b?: unknown): this {
    return this.#add('PUT', path, a, b);
  }

  patch<P extends string>(path: P, handler: Handler<P, Empty>): this;
  patch<P extends string, O extends RouteOptions<P>>(path: P, options: O, handler: Handler<P, O>): this;
  patch(path: string, a: unknown, b?: unknown): this {
    return this.#add('PATCH', path, a, b);
  }

  delete<P extends string>(path: P, handler: Handler<P, Empty>): this;
  delete<P extends string, O extends RouteOptions<P>>(path: P, options: O, handler: Handler<P, O>): this;
  delete(path: string, a: unknown, b?: unknown): this {
    return this.#add('DELETE', path, a, b);
  }

  head<P extends string>(path: P, handler: Handler<P, Empty>): this;
  head<P extends string, O extends RouteOptions<P>>(path: P, options: O, handler: Handler<P, O>): this;
  head(path: string, a: unknown, b?: unknown): this {
    return this.#add('HEAD', path, a, b);
  }

  options<P extends string>(path: P, handler: Handler<P, Empty>): this;
  options<P extends string, O extends RouteOptions<P>>(path: P, options: O, handler: Handler<P, O>): this;
  options(path: string, a: unknown, b?: unknown): this {
    return this.#add('OPTIONS', path, a, b);
  }

  /** One handler for several methods. @example api.route(['GET', 'POST'], '/echo', {}, (ctx) => ctx.body ?? null); */
  route<P extends string, O extends RouteOptions<P>>(
    methods: readonly HttpMethod[],
    path: P,
    options: O,
    handler: Handler<P, O>,
  ): this {
    for (const method of methods) this.#add(method, path, options, handler);
    return this;
  }

  /** Adds a plugin to every route of this API. */
  use(plugin: BoltPlugin): this {
    this.#plugins.push(plugin);
    this.#compiled = undefined;
    return this;
  }

  /** Mounts another API's routes under this one's prefix (its own prefix still applies). */
  include(child: BoltAPI): this {
    if (child === this)
      throw new BoltAppError(AppErrorCode.ROUTE_PATH_INVALID, 'An API cannot include itself.');
    this.#children.push(child);
    this.#compiled = undefined;
    return this;
  }

  /** Every route with prefixes applied and inherited plugins, in declaration order. */
  definitions(parentPrefix = '', parentPlugins: readonly BoltPlugin[] = []): RouteDefinition[] {
    const prefix = joinPaths(parentPrefix, this.prefix);
    const plugins = [...parentPlugins, ...this.#plugins];
    const own = this.#declared.map((d) => ({
      method: d.method,
      path: parsePathPattern(joinPaths(prefix, d.path)),
      options: d.options,
      handler: d.handler,
      plugins,
    }));
    return [...own, ...this.#children.flatMap((child) => child.definitions(prefix, plugins))];
  }

  /** Compiles the app once (cached until routes change). Schema and path mistakes throw here. */
  compile(): CompiledApp {
    this.#compiled ??= compileApp(this.definitions(), {
      bodyLimit: this.#options.bodyLimit ?? 1024 * 1024,
      validateResponse: this.#options.validateResponse ?? false,
      logger: this.#options.logger ?? defaultLogger(),
    });
    return this.#compiled;
  }

  /**
   * Runs one request in memory, through the same code paths as a real transport.
   * @example const res = await api.inject({ method: 'GET', url: '/' }); res.json()
   */
  inject(request: InjectRequest): Promise<InjectResponse> {
    return inject(this.compile(), request);
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
    parsePathPattern(path);
    this.#checkParams(method, path, options);
    this.#declared.push({ method, path, options, handler });
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
