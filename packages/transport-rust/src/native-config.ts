/**
 * Turns a CompiledApp into what Rust registers: matchit patterns, limits, and every answer Rust
 * gives alone. Those answers come from the app itself (`app.patterns` for 405 and OPTIONS,
 * `app.errorResponse` for the rest), so they cannot drift from core's.
 */
import type { BoltResponse, CompiledApp } from '@bolt/core/transport';
import { nativeCors } from './native-forms.js';
import { BRIDGE_LAYOUT, type FixedResponseSpec, type ServerConfig } from './native-types.js';
import type { ResolvedOptions } from './options.js';

/** Statuses Rust answers without JavaScript (414 and 431 also replace hyper's empty answers). */
const FIXED_STATUSES = [400, 404, 408, 413, 414, 431, 500, 503] as const;

/** `{name}` stays, `{name...}` becomes matchit's `{*name}`. */
export function toMatchitPattern(pattern: string): string {
  return pattern.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\.\.\.\}/g, '{*$1}');
}

function fixed(res: BoltResponse): FixedResponseSpec {
  const body = res.body;
  const text =
    typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body).toString() : '';
  return { status: res.status, headers: [...res.headers], body: text };
}

/** The full native configuration for `app`. */
export function nativeConfig(app: CompiledApp, opts: ResolvedOptions): ServerConfig {
  return {
    layout: BRIDGE_LAYOUT,
    routes: app.routes.map((r) => ({
      index: r.index,
      methods: [...r.methods],
      pattern: toMatchitPattern(r.pattern),
      paramCount: r.paramNames.length,
      bodyLimit: r.bodyLimit,
      compress: r.compress,
    })),
    patterns: app.patterns.map((p) => ({
      pattern: toMatchitPattern(p.pattern),
      methodNotAllowed: fixed(p.methodNotAllowed),
      options: p.options ? fixed(p.options) : undefined,
    })),
    errors: FIXED_STATUSES.map((s) => fixed(app.errorResponse(s))),
    unmatchedToJs: app.hooksOnEveryRequest,
    unmatchedBodyLimit: app.bodyLimit,
    cors: opts.nativeForms ? nativeCors(app) : undefined,
    threads: opts.threads,
    maxInFlight: opts.maxInFlight,
    maxHeaderBytes: opts.maxHeaderSize,
    maxHeaders: opts.maxHeaders,
    headerTimeoutMs: opts.headersTimeout,
    bodyTimeoutMs: opts.bodyTimeout,
    requestTimeoutMs: opts.requestTimeout,
    compressMinBytes: opts.compressMinBytes,
    debugPanics: opts.debugPanics,
  };
}
