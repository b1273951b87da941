/**
 * Options of the Rust transport, with their defaults. The runtime's options (processes, workers,
 * graceMs, handleSignals, logger) are core's `ServeOptions`, the same on every engine.
 */
import type { ServeOptions, SharedPortOptions } from '@bolt/core/runtime';
import type { ListenOptions } from '@bolt/core/transport';
import { BoltRustError, RustErrorCode } from './errors.js';

/** Options of `rustTransport.listen()`: the engine's own. */
export interface RustListenOptions extends ListenOptions, SharedPortOptions {
  /** tokio threads doing the HTTP work. Default 1 (they must not starve the JS threads). */
  threads?: number;
  /** Requests in flight per JS worker; beyond it Rust answers 503. Default 1024. */
  maxInFlight?: number;
  /** Largest request head in bytes (at least 8192); over it: 431. Default 16 384. */
  maxHeaderSize?: number;
  /** Most request headers; over it: 431 with Bolt's body, and close. Default 100. */
  maxHeaders?: number;
  /** Time allowed for a request head to arrive on a new or idle connection, in ms. Default 10 000. */
  headersTimeout?: number;
  /** Longest pause (ms) between two pieces of a request body; over it: 408 and close. Default 10 000. */
  bodyTimeout?: number;
  /** Time (ms) for a whole request, head and body, from its first byte; over it: 408 and close. Default 30 000. */
  requestTimeout?: number;
  /** Smallest response body Rust compresses (gzip/br, when accepted and the route allows). Default 1024. */
  compressMinBytes?: number;
  /** Lets the `x-bolt-debug-panic` request header panic inside Rust. Tests only. Default false. */
  debugPanics?: boolean;
  /**
   * Run the plugins' native forms in Rust where this engine can (compression, CORS preflights,
   * JWT checks, memory rate limits; README, "Native forms"). `false` runs
   * every hook in JavaScript, as the reference to compare with. Default true.
   */
  nativeForms?: boolean;
}

/**
 * Options for `serve()`: the runtime's and the engine's. `workers` are JS threads holding the app,
 * all fed by one Rust listener; `processes` share the port through SO_REUSEPORT.
 */
export interface RustServeOptions extends ServeOptions, RustListenOptions {}

/** Options with defaults applied, checked once. */
export interface ResolvedOptions {
  host: string;
  port: number;
  /** JS threads holding the app (1: the calling thread). Set by the runtime, not by users. */
  workers: number;
  /** Other processes bind the same port (SO_REUSEPORT). */
  reusePort: boolean;
  threads: number;
  maxInFlight: number;
  maxHeaderSize: number;
  maxHeaders: number | undefined;
  headersTimeout: number;
  bodyTimeout: number;
  requestTimeout: number;
  compressMinBytes: number;
  debugPanics: boolean;
  nativeForms: boolean;
}

function count(name: string, value: number | undefined, fallback: number, min: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min) {
    throw new BoltRustError(RustErrorCode.OPTIONS, `Option ${name} must be an integer >= ${min}; got ${v}.`);
  }
  return v;
}

/** Applies defaults; throws BOLT_ERR_RUST_OPTIONS on a bad value. */
export function resolveOptions(opts: RustListenOptions & { workers?: number }): ResolvedOptions {
  return Object.freeze({
    host: opts.host ?? '127.0.0.1',
    port: count('port', opts.port, 8000, 0),
    workers: count('workers', opts.workers, 1, 1),
    reusePort: opts.reusePort ?? false,
    threads: count('threads', opts.threads, 1, 1),
    maxInFlight: count('maxInFlight', opts.maxInFlight, 1024, 1),
    maxHeaderSize: count('maxHeaderSize', opts.maxHeaderSize, 16_384, 8192),
    maxHeaders: opts.maxHeaders === undefined ? undefined : count('maxHeaders', opts.maxHeaders, 100, 1),
    headersTimeout: count('headersTimeout', opts.headersTimeout, 10_000, 1),
    bodyTimeout: count('bodyTimeout', opts.bodyTimeout, 10_000, 1),
    requestTimeout: count('requestTimeout', opts.requestTimeout, 30_000, 1),
    compressMinBytes: count('compressMinBytes', opts.compressMinBytes, 1024, 0),
    debugPanics: opts.debugPanics ?? false,
    nativeForms: opts.nativeForms ?? true,
  });
}
