/**
 * Turns a CompiledApp into what Rust registers: matchit patterns, limits, the headers each route
 * reads, and every answer Rust gives alone. Those answers are asked of the app itself (its
 * `errorResponse`, and its own reply to a 405/OPTIONS probe per pattern), so they cannot drift
 * from core's.
 */
import type { BoltResponse, CompiledApp, CompiledRoute } from '@bolt/core/transport';
import { BoltRustError, RustErrorCode } from './errors.js';
import type { NativeFixedResponse, NativePattern, NativeRoute, NativeServerConfig } from './native-types.js';
import type { ResolvedOptions } from './options.js';

/** Statuses Rust answers without JavaScript. */
const FIXED_STATUSES = [400, 404, 413, 431, 500, 503] as const;

/** A method no route declares, so the probe lands on 405 with the pattern's `Allow`. */
const PROBE_METHOD = 'BOLT-PROBE';

/** `{name}` stays, `{name...}` becomes matchit's `{*name}`. */
export function toMatchitPattern(pattern: string): string {
  return pattern.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\.\.\.\}/g, '{*$1}');
}

function fixed(res: BoltResponse): NativeFixedResponse {
  const body = res.body;
  const text =
    typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body).toString('latin1') : '';
  return { status: res.status, headers: [...res.headers], body: text };
}

function samplePath(pattern: string): string {
  return pattern.replace(/\{[^}]+\}/g, 'bolt-probe');
}

async function probe(app: CompiledApp, method: string, path: string): Promise<BoltResponse> {
  return app.handle({ method, path, query: '', headers: {}, body: undefined });
}

async function patternSpec(
  app: CompiledApp,
  pattern: string,
  routes: CompiledRoute[],
): Promise<NativePattern> {
  const path = samplePath(pattern);
  const notAllowed = await probe(app, PROBE_METHOD, path);
  if (notAllowed.status !== 405) {
    throw new BoltRustError(
      RustErrorCode.ROUTES,
      `Route ${pattern}: probing ${path} did not reach its route (got ${notAllowed.status}); another route shadows it.`,
    );
  }
  const hasOptions = routes.some((r) => r.methods.includes('OPTIONS'));
  return {
    pattern: toMatchitPattern(pattern),
    methodNotAllowed: fixed(notAllowed),
    options: hasOptions ? undefined : fixed(await probe(app, 'OPTIONS', path)),
  };
}

/** The full native configuration for `app`. */
export async function nativeConfig(app: CompiledApp, opts: ResolvedOptions): Promise<NativeServerConfig> {
  const routes: NativeRoute[] = app.routes.map((r) => ({
    index: r.index,
    methods: [...r.methods],
    pattern: toMatchitPattern(r.pattern),
    paramCount: r.paramNames.length,
    bodyLimit: r.bodyLimit,
    headerNames: r.headerNames ? [...r.headerNames] : undefined,
    compress: r.compress,
  }));
  const byPattern = new Map<string, CompiledRoute[]>();
  for (const r of app.routes) byPattern.set(r.pattern, [...(byPattern.get(r.pattern) ?? []), r]);
  const patterns = await Promise.all([...byPattern].map(([p, rs]) => patternSpec(app, p, rs)));
  return {
    routes,
    patterns,
    errors: FIXED_STATUSES.map((s) => fixed(app.errorResponse(s))),
    threads: opts.threads,
    maxInFlight: opts.maxInFlight,
    maxHeaderBytes: opts.maxHeaderSize,
    maxHeaders: opts.maxHeaders,
    headerTimeoutMs: opts.headersTimeout,
    compressMinBytes: opts.compressMinBytes,
    debugPanics: opts.debugPanics,
  };
}
