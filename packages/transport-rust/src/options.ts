/**
 * Options of the Rust transport, with their defaults.
 */
import type { ListenOptions } from '@bolt/core/transport';
import { BoltRustError, RustErrorCode } from './errors.js';

/** Options for `serve()` and `rustTransport.listen()`. */
export interface RustServeOptions extends ListenOptions {
  /** JS worker threads holding the app, all fed by one Rust listener. Default 1 (the calling thread). */
  workers?: number;
  /** Processes sharing the port through SO_REUSEPORT, each with `workers` threads. Default 1. */
  processes?: number;
  /** tokio threads doing the HTTP work. Default 1 (they must not starve the JS threads). */
  threads?: number;
  /** Requests in flight per JS worker; beyond it Rust answers 503. Default 1024. */
  maxInFlight?: number;
  /** Largest request head in bytes (at least 8192); over it: 431. Default 16 384. */
  maxHeaderSize?: number;
  /** Most request headers; over it the connection is closed without an answer. Default 100. */
  maxHeaders?: number;
  /** Time allowed for a request head to arrive on a new or idle connection, in ms. Default 10 000. */
  headersTimeout?: number;
  /** Smallest response body Rust compresses (gzip/br, when accepted and the route allows). Default 1024. */
  compressMinBytes?: number;
  /** Lets the `x-bolt-debug-panic` request header panic inside Rust. Tests only. Default false. */
  debugPanics?: boolean;
}

/** Options with defaults applied, checked once. */
export interface ResolvedOptions {
  host: string;
  port: number;
  workers: number;
  processes: number;
  threads: number;
  maxInFlight: number;
  maxHeaderSize: number;
  maxHeaders: number | undefined;
  headersTimeout: number;
  compressMinBytes: number;
  debugPanics: boolean;
}

function count(name: string, value: number | undefined, fallback: number, min: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min) {
    throw new BoltRustError(RustErrorCode.OPTIONS, `Option ${name} must be an integer >= ${min}; got ${v}.`);
  }
  return v;
}

/** Applies defaults; throws BOLT_ERR_RUST_OPTIONS on a bad value. */
export function resolveOptions(opts: RustServeOptions): ResolvedOptions {
  return Object.freeze({
    host: opts.host ?? '127.0.0.1',
    port: count('port', opts.port, 8000, 0),
    workers: count('workers', opts.workers, 1, 1),
    processes: count('processes', opts.processes, 1, 1),
    threads: count('threads', opts.threads, 1, 1),
    maxInFlight: count('maxInFlight', opts.maxInFlight, 1024, 1),
    maxHeaderSize: count('maxHeaderSize', opts.maxHeaderSize, 16_384, 8192),
    maxHeaders: opts.maxHeaders === undefined ? undefined : count('maxHeaders', opts.maxHeaders, 100, 1),
    headersTimeout: count('headersTimeout', opts.headersTimeout, 10_000, 1),
    compressMinBytes: count('compressMinBytes', opts.compressMinBytes, 1024, 0),
    debugPanics: opts.debugPanics ?? false,
  });
}
