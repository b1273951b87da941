/**
 * What every scheme (JWT bearer, API key) shares: how it finds an identity in a request (once per
 * request, however many dependencies and hooks ask), and the forms it hands to routes: `user` and
 * `optionalUser` dependencies typed by the identity, `require(...guards)` as a dependency,
 * `guard(...guards)` as a preHandler hook, and `protect(...guards)` as a plugin for a sub-app.
 */
import type {
  BoltPlugin,
  Dependency,
  HookRequest,
  NativeForm,
  OnRequestHook,
  PreHandlerHook,
} from '@bolt/core';
import { dependency } from '@bolt/core';
import { forbidden } from './challenge.js';
import { describe, type Guard } from './guards/guard.js';
import {
  type DescribesSecurity,
  type RouteSecurity,
  routeSecurity,
  type SchemeDescriptor,
} from './openapi.js';

type Maybe<T> = T | Promise<T>;

/** How a scheme reads a request: the identity, undefined when no credentials were sent, or a thrown 401. */
export interface SchemeCore<U> {
  readonly descriptor: SchemeDescriptor;
  identify(request: HookRequest): Maybe<U | undefined>;
  /** The 401 for a request with no credentials. */
  missing(): Error;
  /** The native form for `protect()`'s check, when an engine can run it itself. */
  readonly native?: NativeForm;
}

/** A dependency that also says, as data, what it adds to the route's OpenAPI operation. */
export type SecuredDependency<T> = Dependency<T> & DescribesSecurity;
export type SecuredHook<H> = H & DescribesSecurity;

/** The forms a scheme gives routes; `U` is the identity type (the verified claims, the key's owner). */
export interface AuthScheme<U> {
  readonly openapi: SchemeDescriptor;
  /** The identity; 401 when the request has none. `deps: { user: auth.user }` gives `deps.user: U`. */
  readonly user: SecuredDependency<U>;
  /**
   * The identity, or `null` when no credentials were sent (invalid ones are still a 401). `null`,
   * not undefined: core's `Dependency<T>` infers T through an optional phantom field, which drops
   * `undefined` from the handler's type.
   */
  readonly optionalUser: SecuredDependency<U | null>;
  /** The identity when every guard passes: 401 without one, 403 when a guard refuses. */
  require(...guards: Guard<U>[]): SecuredDependency<U>;
  /** A preHandler hook: 401 without identity, 403 when a guard refuses (per route, or `addHook` per sub-app). */
  guard(...guards: Guard<U>[]): SecuredHook<PreHandlerHook>;
  /**
   * A plugin for a sub-app: every route of the API it is used on needs an identity (checked in
   * onRequest, before the body is read) and passes `guards` (in preHandler). Its check carries the
   * scheme's native form, so an engine that implements it answers the 401 itself.
   */
  protect(...guards: Guard<U>[]): BoltPlugin & DescribesSecurity;
  /** The identity of `request` (cached per request), or undefined. Throws the scheme's 401 when invalid. */
  identify(request: HookRequest): Promise<U | undefined>;
}

const cache = new WeakMap<HookRequest, Map<object, unknown>>();

function identifyOnce<U>(core: SchemeCore<U>, request: HookRequest): Maybe<U | undefined> {
  let perRequest = cache.get(request);
  if (!perRequest) cache.set(request, (perRequest = new Map()));
  if (perRequest.has(core)) return perRequest.get(core) as Maybe<U | undefined>;
  const value = core.identify(request);
  perRequest.set(core, value);
  return value;
}

function then<T, R>(value: Maybe<T>, next: (v: T) => Maybe<R>): Maybe<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}

function required<U>(core: SchemeCore<U>, request: HookRequest): Maybe<U> {
  return then(identifyOnce(core, request), (user) => {
    if (user === undefined) throw core.missing();
    return user;
  });
}

function checkGuards<U>(guards: readonly Guard<U>[], user: U, request: HookRequest): Maybe<U> {
  for (let i = 0; i < guards.length; i++) {
    const g = guards[i] as Guard<U>;
    const passed = g(user, request);
    if (passed instanceof Promise) {
      return passed.then((ok) => {
        if (!ok) throw forbidden(`Not permitted: requires ${describe(g)}`);
        return checkGuards(guards.slice(i + 1), user, request);
      });
    }
    if (!passed) throw forbidden(`Not permitted: requires ${describe(g)}`);
  }
  return user;
}

const withSecurity = <T extends object>(value: T, openapi: RouteSecurity): T & DescribesSecurity =>
  Object.freeze(Object.assign(value, { openapi }));

/** Builds a scheme's route forms from its core. */
export function buildScheme<U>(core: SchemeCore<U>): AuthScheme<U> {
  const name = core.descriptor.name;
  const security = (optional: boolean, guards: readonly Guard<U>[]) =>
    routeSecurity(core.descriptor, optional, guards.map(describe));
  // The scheme's native form: an engine that runs it refuses what this dependency would refuse.
  const user = dependency(
    { name: `${name}.user`, ...(core.native ? { native: core.native } : {}) },
    ({ request }) => required(core, request),
  ) as Dependency<U>;
  const optionalUser = dependency({ name: `${name}.optionalUser` }, ({ request }) =>
    then(identifyOnce(core, request), (user) => user ?? null),
  ) as Dependency<U | null>;

  return Object.freeze({
    openapi: core.descriptor,
    user: withSecurity({ ...user }, security(false, [])),
    optionalUser: withSecurity({ ...optionalUser }, security(true, [])),
    require: (...guards: Guard<U>[]) => {
      const dep = dependency({ name: `${name}.require` }, ({ request }) =>
        then(required(core, request), (u) => checkGuards(guards, u, request)),
      ) as Dependency<U>;
      return withSecurity({ ...dep }, security(false, guards));
    },
    guard: (...guards: Guard<U>[]) => {
      const hook: PreHandlerHook = ({ request }) =>
        then(required(core, request), (u) => then(checkGuards(guards, u, request), () => undefined));
      return withSecurity(hook, security(false, guards));
    },
    protect: (...guards: Guard<U>[]) => {
      const check: OnRequestHook = (request) => then(required(core, request), () => undefined);
      const guardHook: PreHandlerHook = ({ request }) =>
        then(required(core, request), (u) => then(checkGuards(guards, u, request), () => undefined));
      // Guards run in JS on every engine: they are registered by a nested plugin without the native form.
      const guardPlugin: BoltPlugin = {
        name: `${name}.guards`,
        register: (api) => void api.addHook('preHandler', guardHook),
      };
      const plugin: BoltPlugin = {
        name: `${name}.protect`,
        ...(core.native ? { native: core.native } : {}),
        register: (api) => {
          api.addHook('onRequest', check);
          // With the check above run natively (its hook dropped), the claims schema still runs
          // here, in JS, when the engine's verified claims are first read.
          if (guards.length || core.native) api.use(guardPlugin);
        },
      };
      return withSecurity(plugin, security(false, guards));
    },
    identify: async (request: HookRequest) => identifyOnce(core, request),
  });
}
