/**
 * The extension point through which libraries such as @bolt/orm-coerce plug into Bolt without core
 * knowing them: a plugin may resolve a handler's result before it is serialized.
 */
import type { TSchema } from '@bolt/schema';
import type { Logger } from '../log/logger.js';
import type { NativeForm } from '../pipeline/hook-types.js';
import type { BoltAPI } from './bolt-api.js';

/** What a plugin learns about a route with a response model, once at compile time. */
export interface ResultRouteInfo {
  /** The model for successful responses. */
  readonly schema: TSchema;
  readonly method: string;
  readonly pattern: string;
  /** The app's logger, for plugins that report failures (e.g. a database that went away). */
  readonly logger: Logger;
}

/** Turns a handler's result into data of the route's model (it may be async). */
export type ResultResolver = (value: unknown) => unknown;

/**
 * A Bolt plugin: the one way a library adds hooks, error handlers, lifecycle handlers, routes and
 * result resolvers. `register` runs once, on the API the plugin is used on (`api.use(plugin)` or
 * `new BoltAPI({ plugins })`), so its hooks reach that API's routes only.
 *
 * @example
 * const poweredBy: BoltPlugin = {
 *   name: 'powered-by',
 *   register: (api) => api.addHook('onSend', (_req, res) => ({ ...res, headers: [...res.headers, 'x-powered-by', 'bolt'] })),
 * };
 * new BoltAPI({ plugins: [poweredBy] });
 */
export interface BoltPlugin {
  readonly name: string;
  /** Adds the plugin's hooks, handlers and routes to `api`. */
  register?(api: BoltAPI): void;
  /**
   * The part of the plugin an engine may run itself, as data. The hooks `register` adds are tagged
   * with it: an engine that implements `native.kind` serves the app without them and answers in
   * its own code; every other engine runs the hooks, which stay the reference behaviour.
   */
  readonly native?: NativeForm;
  /**
   * Called once per route that declares a response model. Return a function to transform the
   * handler's return value (for example run a query and coerce its rows), or undefined to leave the
   * route alone. Resolvers of several plugins run in order. A thrown `HTTPError` is answered as is;
   * any other error is a logged 500.
   */
  resultResolver?(route: ResultRouteInfo): ResultResolver | undefined;
}
