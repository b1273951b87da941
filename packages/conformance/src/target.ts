/** What a target declares about its engine, and what each group of cases receives. */
import type { AppModule, BoltAPI } from '@bolt/core';
import type { RunningServer } from '@bolt/core/transport';
import type { KnownLimits } from './known-limits.js';
import type { ChildServe } from './reliability/child-server.js';

/** What the factory receives: the app itself, and the module that exports it (for workers). */
export interface AppSpec {
  api: BoltAPI;
  app: AppModule;
}

/** Timeouts of a server as its target starts it, in ms. */
export interface ConformanceTimeouts {
  /** Time allowed for a request head to arrive; then 408 and close. */
  headersMs: number;
  /**
   * Time allowed for a whole request to arrive, from its first byte; then 408 and close. A body
   * trickled a byte at a time (never pausing long enough for a between-pieces timeout) is cut then.
   */
  requestMs: number;
}

/** Bolt's documented defaults, for a target that does not say otherwise. */
export const DEFAULT_TIMEOUTS: ConformanceTimeouts = Object.freeze({ headersMs: 10_000, requestMs: 30_000 });

/** How the suite starts a server for a transport. The server must listen on 127.0.0.1, port 0 or free. */
export interface ConformanceTarget {
  name: string;
  start(spec: AppSpec): Promise<RunningServer>;
  /**
   * Limits of the engine's HTTP parser that Bolt cannot see, each with its reason. The suite
   * asserts the declared behaviour for these and the strict answer for everything else.
   * Default: none.
   */
  knownLimits?: KnownLimits;
  /** The timeouts `start` gives the server. Default {@link DEFAULT_TIMEOUTS}. */
  timeouts?: Partial<ConformanceTimeouts>;
  /**
   * Processes and worker threads per process that `start` (and `child`) run. Default 1 and 1. With
   * `processes > 1` and a `child`, one child process is killed under load.
   */
  topology?: { processes?: number; workers?: number };
  /**
   * How to run the engine in a child process (for the SIGTERM case): a module exporting
   * `serve(app, options)`, and the options to give it (`host` and `port` are set by the suite).
   * Without it the reliability cases that need a process of their own are skipped.
   */
  child?: ChildServe;
}

/** The targets' timeouts with defaults applied. */
export function resolveTimeouts(target: ConformanceTarget): ConformanceTimeouts {
  return { ...DEFAULT_TIMEOUTS, ...target.timeouts };
}

/** Context given to each group of cases. */
export interface CaseContext {
  server: RunningServer;
  target: ConformanceTarget;
  spec: AppSpec;
}
