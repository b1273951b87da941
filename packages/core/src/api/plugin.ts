/**
 * The extension point through which libraries such as @bolt/orm-coerce plug into Bolt without core
 * knowing them: a plugin may resolve a handler's result before it is serialized.
 */
import type { TSchema } from '@bolt/schema';
import type { Logger } from '../log/logger.js';

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
 * A Bolt plugin.
 *
 * @example
 * const upper: BoltPlugin = {
 *   name: 'upper',
 *   resultResolver: () => (value) => (typeof value === 'string' ? value.toUpperCase() : value),
 * };
 * new BoltAPI({ plugins: [upper] });
 */
export interface BoltPlugin {
  readonly name: string;
  /**
   * Called once per route that declares a response model. Return a function to transform the
   * handler's return value (for example run a query and coerce its rows), or undefined to leave the
   * route alone. Resolvers of several plugins run in order. A thrown `HTTPError` is answered as is;
   * any other error is a logged 500.
   */
  resultResolver?(route: ResultRouteInfo): ResultResolver | undefined;
}
