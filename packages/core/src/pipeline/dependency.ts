/**
 * Dependencies (FastAPI's `Depends`, Elysia's `resolve`): values a route names in its `deps`
 * option, computed per request before its preHandler hooks, once per request however many
 * consumers name them, and typed in the handler with no casts. A dependency may name other
 * dependencies, throw `HTTPError` (a 401 from "current user"), and register a cleanup that runs
 * after the response, even when the handler threw or the client went away.
 *
 * `resource()` is the app-lifetime kind: started once per process and worker thread by the app's
 * start-up, stopped at shutdown, and handed to handlers like any dependency (Fastify's decorate).
 */
import type { NativeForm } from './hook-types.js';
import { isThenable } from './maybe-async.js';
import type { HookRequest, RequestScope } from './request-scope.js';

const DEPENDENCY = Symbol.for('bolt.dependency');

/** What a dependency's function receives. */
export interface DependencyInput<D extends DependencyMap> {
  readonly request: HookRequest;
  /** The values of the dependencies it named, resolved first. */
  readonly deps: DependencyValues<D>;
  /** Runs `cleanup` after the response is written (or the client went away), last registered first. */
  onCleanup(cleanup: () => unknown): void;
}

/** A per-request or app-lifetime value a route can name in `deps`. */
export interface Dependency<T> {
  readonly [DEPENDENCY]: 'request' | 'app';
  /** For logs and start-up errors. */
  readonly name: string;
  readonly deps: DependencyMap;
  /** What an engine may run itself instead (a JWT check), as data; see CompiledRoute.dependencyForm. */
  readonly native?: NativeForm;
  /** Phantom: the value type, for inference only (a function type, so `undefined` in T survives). */
  readonly __value?: () => T;
}

export type DependencyMap = Readonly<Record<string, Dependency<any>>>;

/** The handler-side values of a `deps` map. */
export type DependencyValues<D> = { readonly [K in keyof D]: D[K] extends Dependency<infer T> ? T : never };

interface RequestDependency<T> extends Dependency<T> {
  readonly [DEPENDENCY]: 'request';
  readonly resolve: (input: DependencyInput<DependencyMap>) => T | Promise<T>;
}

/** An app-lifetime value: started by `startup()`, stopped by `shutdown()`. */
export interface Resource<T> extends Dependency<T> {
  readonly [DEPENDENCY]: 'app';
  readonly start: () => T | Promise<T>;
  readonly stop: ((value: T) => unknown) | undefined;
}

export function isDependency(value: unknown): value is Dependency<unknown> {
  return typeof value === 'object' && value !== null && DEPENDENCY in value;
}

/**
 * Declares a per-request dependency.
 *
 * @example
 * const session = dependency({ deps: { db } }, async ({ deps, onCleanup }) => {
 *   const s = await deps.db.acquire();
 *   onCleanup(() => s.release());
 *   return s;
 * });
 * api.get('/me', { deps: { session } }, ({ deps }) => deps.session.user());
 */
export function dependency<T, const D extends DependencyMap = Record<never, never>>(
  options: { deps?: D; name?: string; native?: NativeForm },
  resolve: (input: DependencyInput<D>) => T | Promise<T>,
): Dependency<Awaited<T>>;
export function dependency<T>(
  resolve: (input: DependencyInput<Record<never, never>>) => T | Promise<T>,
): Dependency<Awaited<T>>;
export function dependency(a: unknown, b?: unknown): Dependency<unknown> {
  const options = (typeof a === 'function' ? {} : a) as {
    deps?: DependencyMap;
    name?: string;
    native?: NativeForm;
  };
  const resolve = (typeof a === 'function' ? a : b) as RequestDependency<unknown>['resolve'];
  const dep: RequestDependency<unknown> = {
    [DEPENDENCY]: 'request',
    name: options.name ?? (resolve.name || 'dependency'),
    deps: options.deps ?? {},
    ...(options.native ? { native: options.native } : {}),
    resolve,
  };
  return Object.freeze(dep);
}

/**
 * Declares an app-lifetime resource, started in every process and worker before it serves.
 *
 * @example
 * const db = resource('db', { start: () => openPool(), stop: (pool) => pool.end() });
 * api.get('/users/{id}', { deps: { db } }, ({ deps, params }) => deps.db.find(params.id));
 */
export function resource<T>(
  name: string,
  lifecycle: { start: () => T | Promise<T>; stop?: (value: Awaited<T>) => unknown },
): Resource<Awaited<T>> {
  return Object.freeze({
    [DEPENDENCY]: 'app' as const,
    name,
    deps: {},
    start: lifecycle.start as () => Awaited<T>,
    stop: lifecycle.stop,
  });
}

/** Every resource reachable from `deps` (through other dependencies too). */
export function resourcesIn(
  deps: DependencyMap,
  into = new Set<Resource<unknown>>(),
): Set<Resource<unknown>> {
  for (const dep of Object.values(deps)) {
    if (dep[DEPENDENCY] === 'app') into.add(dep as Resource<unknown>);
    else resourcesIn(dep.deps, into);
  }
  return into;
}

/** Values of started resources, per compiled app (each worker thread compiles its own). */
export type ResourceValues = Map<Resource<unknown>, unknown>;

/** A compiled `deps` map: resolves every value for one request, sync when all of them are. */
export type DepsResolver = (
  scope: RequestScope,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** Counts how often each request dependency is reached from `deps`: shared ones need the per-request cache. */
function countUses(deps: DependencyMap, uses: Map<Dependency<unknown>, number>): void {
  for (const dep of Object.values(deps)) {
    if (dep[DEPENDENCY] !== 'request') continue;
    uses.set(dep, (uses.get(dep) ?? 0) + 1);
    countUses(dep.deps, uses);
  }
}

interface Resolver {
  /** Which dependencies are reached more than once, so their value is cached per request. */
  readonly shared: ReadonlySet<Dependency<unknown>>;
  readonly resources: ResourceValues;
}

function resolveOne(dep: Dependency<unknown>, scope: RequestScope, r: Resolver): unknown {
  if (dep[DEPENDENCY] === 'app') {
    if (!r.resources.has(dep as Resource<unknown>)) {
      throw new Error(
        `Resource "${dep.name}" was used before the app started; call app.startup() (engines and inject() do).`,
      );
    }
    return r.resources.get(dep as Resource<unknown>);
  }
  const shared = r.shared.has(dep);
  if (shared && scope.resolved?.has(dep)) return scope.resolved.get(dep);
  const request = dep as RequestDependency<unknown>;
  const inner = resolveMap(request.deps, scope, r);
  const run = (values: Record<string, unknown>) =>
    request.resolve({ request: scope, deps: values as never, onCleanup: (fn) => scope.onCleanup(fn) });
  // The promise (or value) is stored, so every consumer in one request shares one call.
  const value = isThenable(inner) ? inner.then(run) : run(inner);
  if (shared) (scope.resolved ??= new Map()).set(dep, value);
  return value;
}

const NO_VALUES: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

function resolveMap(
  deps: DependencyMap,
  scope: RequestScope,
  r: Resolver,
): Record<string, unknown> | Promise<Record<string, unknown>> {
  let values = NO_VALUES;
  let pending: Promise<unknown>[] | undefined;
  for (const name in deps) {
    if (values === NO_VALUES) values = {};
    const value = resolveOne(deps[name] as Dependency<unknown>, scope, r);
    if (isThenable(value)) {
      (pending ??= []).push(
        Promise.resolve(value).then((v) => {
          values[name] = v;
        }),
      );
    } else values[name] = value;
  }
  return pending ? Promise.all(pending).then(() => values) : values;
}

/** Compiles a route's `deps`; undefined when it names none. */
export function compileDeps(
  deps: DependencyMap | undefined,
  resources: ResourceValues,
): DepsResolver | undefined {
  if (!deps || Object.keys(deps).length === 0) return undefined;
  const uses = new Map<Dependency<unknown>, number>();
  countUses(deps, uses);
  const resolver: Resolver = {
    shared: new Set([...uses].filter(([, n]) => n > 1).map(([dep]) => dep)),
    resources,
  };
  return (scope) => resolveMap(deps, scope, resolver);
}
