/**
 * Which plugins' native forms this engine runs, decided once from the compiled app. Today: CORS
 * preflights (kind `cors`, @bolt/middleware's `cors()`), answered in Rust for every path.
 *
 * The engine keeps serving the app with all its hooks: the plugin's onSend hook still adds the
 * CORS headers to actual answers in JavaScript (byte for byte the reference), and Rust only takes
 * preflights before they reach JS. A preflight's JS answer also passes every other app-wide hook
 * (security headers, request ids, rate limits), so Rust answers it only when the plugin's hooks
 * are the app's only app-wide ones: `app.withNative(['cors'])` then has no hook on every request.
 */
import type { NativeForm } from '@bolt/core';
import type { CompiledApp } from '@bolt/core/transport';
import type { CorsSpec } from './native-types.js';

/** What core's compiled app offers beyond the engine contract (`BoltCompiledApp`). */
interface WithNative {
  readonly nativeForms?: readonly NativeForm[];
  withNative?(kinds: readonly string[]): CompiledApp;
}

/** The `cors` form's config, as @bolt/middleware declares it (README, "Native forms"). */
interface CorsConfig {
  readonly origins: '*' | readonly string[];
  readonly originPattern: string | null;
  readonly credentials: boolean;
  readonly allowMethods: string;
  readonly allowHeaders: string | null;
  readonly maxAge: string | null;
}

function isCorsConfig(c: Record<string, unknown>): c is Record<string, unknown> & CorsConfig {
  const optional = (v: unknown) => v === null || typeof v === 'string';
  return (
    (c.origins === '*' || (Array.isArray(c.origins) && c.origins.every((o) => typeof o === 'string'))) &&
    optional(c.originPattern) &&
    typeof c.credentials === 'boolean' &&
    typeof c.allowMethods === 'string' &&
    optional(c.allowHeaders) &&
    optional(c.maxAge)
  );
}

/** The CORS policy Rust answers preflights with, or undefined when JavaScript must answer them. */
export function nativeCors(app: CompiledApp): CorsSpec | undefined {
  const core = app as CompiledApp & WithNative;
  const forms = (core.nativeForms ?? []).filter((f) => f.kind === 'cors');
  const [form] = forms;
  if (forms.length !== 1 || form === undefined || core.withNative === undefined) return undefined;
  const config = form.config;
  // A RegExp is JavaScript's syntax and semantics; the JS hook keeps it.
  if (!isCorsConfig(config) || config.originPattern !== null) return undefined;
  // App-wide: every route lists it (a form of an included API covers only that API's routes).
  if (!app.routes.every((r) => r.nativeForms.includes(form))) return undefined;
  // Nothing else runs on every request, so the plugin's answer is the whole answer.
  if (!app.hooksOnEveryRequest || core.withNative(['cors']).hooksOnEveryRequest) return undefined;
  return {
    anyOrigin: config.origins === '*',
    origins: config.origins === '*' ? [] : [...config.origins],
    credentials: config.credentials,
    allowMethods: config.allowMethods,
    allowHeaders: config.allowHeaders ?? undefined,
    maxAge: config.maxAge ?? undefined,
  };
}
