/**
 * The part of `api.definitions()` the document reads: method, parsed path, options, and where
 * auth plugins leave their descriptors (dependencies, hooks, plugins). Declared here,
 * structurally, so the package needs no runtime import from core.
 */
import type { RouteMeta, TSchema } from '@bolt/core';

/** A route's options as the document sees them. */
export interface RouteOptionsLike extends RouteMeta {
  params?: TSchema;
  query?: TSchema;
  headers?: TSchema;
  cookies?: TSchema;
  body?: TSchema;
  contentTypes?: readonly ('json' | 'form' | 'multipart')[];
  response?: TSchema | { readonly [status: number]: TSchema };
  status?: number;
  deps?: { readonly [name: string]: unknown };
  onRequest?: unknown;
  preHandler?: unknown;
}

/** A hook set of the route's APIs (hooks added by `addHook`, plugins' included). */
export interface HookSetLike {
  readonly hooks: { readonly [phase: string]: readonly { readonly fn: unknown }[] };
}

/** One route of `api.definitions()`. */
export interface RouteDefinitionLike {
  method: string;
  path: { pattern: string; paramNames: readonly string[] };
  options: RouteOptionsLike;
  plugins?: readonly unknown[];
  hookSets?: readonly HookSetLike[];
  /** Set on a WebSocket route (`api.ws`), which OpenAPI does not describe: left out of the document. */
  websocket?: unknown;
}

/** Anything with the routes: a BoltAPI. */
export interface RoutesSource {
  definitions(): readonly RouteDefinitionLike[];
}
