/**
 * Turns a CompiledApp into what Rust registers: matchit patterns, limits, and every answer Rust
 * gives alone. Those answers come from the app itself (`app.patterns` for 405 and OPTIONS,
 * `app.errorResponse` for the rest), so they cannot drift from core's.
 */
import type { BoltResponse, CompiledApp, CompiledRoute } from '@bolt/core/transport';
import { nativeCors, plainDecorations } from './native-forms.js';
import { multipartSpec } from './native-multipart.js';
import { type NativePlan, nativePlan, servedApp } from './native-plan.js';
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

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

type RouteSpecs = ServerConfig['routes'];
type PatternSpecs = ServerConfig['patterns'];

/**
 * Where matchit would route differently from Bolt's router, Rust hands the request to Bolt's router
 * in JS (a route index past the app's routes, read by dispatch.ts): matchit picks a pattern first and
 * a method second, Bolt's router a method's route first, so a static path with a dynamic sibling
 * taking another method (GET /shadow/static beside POST /shadow/{name}) belongs to the sibling for
 * that method; and matchit's `{*rest}` does not match an empty rest (`/files/`), Bolt's does.
 */
function deferredToBolt(app: CompiledApp, plan: NativePlan): { routes: RouteSpecs; patterns: PatternSpecs } {
  const routes: RouteSpecs = [];
  const patterns: PatternSpecs = [];
  const toBolt = app.routes.length;
  const byPattern = new Map(app.patterns.map((p) => [p.pattern, p]));
  for (const entry of app.patterns) {
    const own = new Set(entry.routes.flatMap((i) => app.routes[i]?.methods ?? []));
    const isStatic = !entry.pattern.includes('{');
    if (isStatic) {
      for (const method of METHODS) {
        if (own.has(method) || (method === 'HEAD' && own.has('GET'))) continue;
        const found = app.match(method, entry.pattern);
        if (!found || found.route.pattern === entry.pattern) continue;
        routes.push({
          index: toBolt,
          methods: [method],
          pattern: toMatchitPattern(entry.pattern),
          paramCount: 0,
          bodyLimit: found.route.bodyLimit,
          compress: found.route.compress,
          compressForm: covers(plan, found.route),
          forms: plan.routeForms[found.route.index],
          decorateRefusals: plan.decorated?.[found.route.index] || undefined,
          multipart: multipartSpec(found.route.multipart),
        });
      }
    }
    const catchAll = /^(.*\/)\{[A-Za-z_][A-Za-z0-9_]*\.\.\.\}$/.exec(entry.pattern);
    const prefix = catchAll?.[1];
    if (prefix && !byPattern.has(prefix)) {
      const route = app.routes[entry.routes[0] ?? -1];
      routes.push({
        index: toBolt,
        methods: [...own],
        pattern: prefix,
        paramCount: 0,
        bodyLimit: route?.bodyLimit ?? app.bodyLimit,
        compress: route?.compress ?? true,
        compressForm: route ? covers(plan, route) : undefined,
        // Bolt's router picks the route by method; the forms are those all routes here share.
        forms: sharedForms(entry.routes.map((i) => plan.routeForms[i])),
        decorateRefusals: entry.routes.some((i) => plan.decorated?.[i]) || undefined,
        multipart: multipartSpec(route?.multipart),
      });
      patterns.push({
        pattern: prefix,
        methodNotAllowed: fixed(entry.methodNotAllowed),
        options: entry.options ? fixed(entry.options) : undefined,
      });
    }
  }
  return { routes, patterns };
}

/** The `compress` form Rust runs covers `route` (its hooks would have reached it in JS). */
function covers(plan: NativePlan, route: CompiledRoute): boolean | undefined {
  const form = plan.compress?.form;
  return form && route.nativeForms.includes(form) ? true : undefined;
}

/** The forms every one of `lists` has, in the first one's order. */
function sharedForms(lists: readonly (number[] | undefined)[]): number[] | undefined {
  const [first = [], ...rest] = lists.map((l) => l ?? []);
  const shared = first.filter((f) => rest.every((l) => l.includes(f)));
  return shared.length ? shared : undefined;
}

/** The full native configuration for `app` (`plan`: the per-route native forms Rust runs). */
export function nativeConfig(
  app: CompiledApp,
  opts: ResolvedOptions,
  plan: NativePlan = nativePlan(app, opts.nativeForms),
): ServerConfig {
  const deferred = deferredToBolt(app, plan);
  const corsPlan = opts.nativeForms ? nativeCors(app, servedApp(app, plan)) : undefined;
  // The root onSend hooks Rust puts on its own answers: with the CORS plan's, else on their own.
  const decorations =
    corsPlan?.decorations ?? (opts.nativeForms ? plainDecorations(servedApp(app, plan)) : undefined);
  return {
    layout: BRIDGE_LAYOUT,
    routes: [
      ...app.routes.map((r) => ({
        index: r.index,
        methods: [...r.methods],
        pattern: toMatchitPattern(r.pattern),
        paramCount: r.paramNames.length,
        bodyLimit: r.bodyLimit,
        compress: r.compress,
        compressForm: covers(plan, r),
        websocket: r.websocket && {
          maxPayload: r.websocket.maxPayload,
          idleTimeout: r.websocket.idleTimeout,
          maxBackpressure: r.websocket.maxBackpressure,
        },
        forms: plan.routeForms[r.index],
        decorateRefusals: plan.decorated?.[r.index] || undefined,
        multipart: multipartSpec(r.multipart),
      })),
      ...deferred.routes,
    ],
    patterns: [
      ...app.patterns.map((p) => ({
        pattern: toMatchitPattern(p.pattern),
        methodNotAllowed: fixed(p.methodNotAllowed),
        options: p.options ? fixed(p.options) : undefined,
      })),
      ...deferred.patterns,
    ],
    errors: FIXED_STATUSES.map((s) => fixed(app.errorResponse(s))),
    unmatchedToJs: plan.unmatchedToJs,
    unmatchedBodyLimit: app.bodyLimit,
    compressForm: plan.compress?.spec,
    unmatchedCompressForm: plan.compress?.unmatched,
    cors: corsPlan?.cors,
    decorations: decorations?.length ? decorations : undefined,
    nativeForms: plan.forms.length ? plan.forms : undefined,
    unmatchedForms: plan.unmatchedForms.length ? plan.unmatchedForms : undefined,
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
