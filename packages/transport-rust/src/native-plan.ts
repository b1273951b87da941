/**
 * Which per-route native forms Rust runs before JavaScript is entered: `jwt` (@bolt/auth's
 * `protect()`, or a scheme's `user` dependency) and `rate-limit` (@bolt/middleware's
 * `rateLimit()` with its memory store); and whether Rust runs `compress` (native-compress.ts).
 *
 * core's `withNative(kinds)` drops every hook of a kind app-wide, so a kind goes native only when
 * Rust can run every form of it, on every route that lists one in a hook, and the answer Rust
 * gives is the whole answer JS would give: on each such route no other hook (onRequest, onSend,
 * onResponse, onError) or error handler is left once the native kinds' hooks are gone
 * (`hooksBesideNative`), or, for `jwt`, what is left are the app-wide decorating hooks Rust
 * reproduces on its refusals (`decoratable`). Otherwise JavaScript keeps the kind, as on the
 * other engines. A dependency's form drops nothing in JS: it runs in Rust on the routes that
 * qualify and stays a JS check elsewhere. A JWKS-keyed scheme stays in JS (fetching and rotating
 * a key set is left to jose), and so does an app whose error format is not the default one (the
 * forms' answers are written in it).
 */
import type { NativeForm } from '@bolt/core';
import type { BoltResponse, CompiledApp, CompiledRoute } from '@bolt/core/transport';
import { type CompressPlan, nativeCompress } from './native-compress.js';
import { type CorsPlan, nativeCors, plainDecorations } from './native-forms.js';
import type { FixedResponseSpec, JwtSpec, NativeFormSpec, RateLimitSpec } from './native-types.js';

/** What core's compiled app offers beyond the engine contract (`BoltCompiledApp`). */
interface WithNative {
  withNative?(kinds: readonly string[]): CompiledApp;
}

const KINDS = ['jwt', 'rate-limit'] as const;

export interface NativePlan {
  /** The kinds Rust runs; the app JS serves is `app.withNative(kinds)`. */
  readonly kinds: readonly string[];
  readonly forms: NativeFormSpec[];
  /** By route index: the route's forms (indices into `forms`), in hook order. */
  readonly routeForms: readonly (number[] | undefined)[];
  /**
   * By route index: Rust's refusals there pass the app-wide decorating hooks (request id, cors,
   * security headers) as JS answers would; see `decoratable`.
   */
  readonly decorated?: readonly boolean[];
  /** Forms of the root API, run for requests no route matched (JS runs root hooks on those). */
  readonly unmatchedForms: number[];
  /** `hooksOnEveryRequest` of the app JS serves: unmatched requests go to JS only then. */
  readonly unmatchedToJs: boolean;
  /** The `compress` form Rust runs on final answers (native-compress.ts), when it does. */
  readonly compress?: CompressPlan;
}

const none = (app: CompiledApp, compress?: CompressPlan): NativePlan => {
  const core = app as CompiledApp & WithNative;
  const served = compress && core.withNative ? core.withNative(['compress']) : app;
  return {
    kinds: compress ? ['compress'] : [],
    forms: [],
    routeForms: [],
    unmatchedForms: [],
    unmatchedToJs: served.hooksOnEveryRequest,
    ...(compress ? { compress } : {}),
  };
};

function fixed(res: BoltResponse): FixedResponseSpec {
  const body = typeof res.body === 'string' ? res.body : '';
  return { status: res.status, headers: [...res.headers], body };
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const optionalStrings = (v: unknown) => v === undefined || isStrings(v);

interface Answer {
  status: number;
  headers: string[];
  body: string;
}
const isAnswer = (a: unknown): a is Answer => {
  const x = a as Answer;
  return typeof x?.status === 'number' && isStrings(x.headers) && typeof x.body === 'string';
};

/** The `jwt` form's config (@bolt/auth's `JwtNativeConfig`) as Rust takes it; undefined: JS keeps it. */
function jwtSpec(config: Record<string, unknown>): JwtSpec | undefined {
  const key = config.key as { kind?: string; secretBase64?: unknown; pem?: unknown } | undefined;
  const answers = config.answers as Record<string, unknown> | undefined;
  if (
    !isStrings(config.algorithms) ||
    !optionalStrings(config.issuer) ||
    !optionalStrings(config.audience) ||
    typeof config.leewaySec !== 'number' ||
    !(config.maxAgeSec === undefined || typeof config.maxAgeSec === 'number') ||
    !isStrings(config.requiredClaims) ||
    config.header !== 'authorization' ||
    typeof answers !== 'object' ||
    answers === null ||
    !Object.values(answers).every(isAnswer)
  )
    return undefined;
  let secretBase64: string | undefined;
  let pem: string | undefined;
  if (key?.kind === 'secret' && typeof key.secretBase64 === 'string') secretBase64 = key.secretBase64;
  else if (key?.kind === 'pem' && typeof key.pem === 'string') pem = key.pem;
  else return undefined;
  return {
    algorithms: [...config.algorithms],
    secretBase64,
    pem,
    issuer: config.issuer as string[] | undefined,
    audience: config.audience as string[] | undefined,
    leewaySec: config.leewaySec,
    maxAgeSec: config.maxAgeSec as number | undefined,
    requiredClaims: [...config.requiredClaims],
    answers: Object.entries(answers as Record<string, Answer>).map(([check, a]) => ({
      check,
      answer: { status: a.status, headers: [...a.headers], body: a.body },
    })),
  };
}

/** The `rate-limit` form's config (@bolt/middleware's `RateLimitConfig`) with the app's 429. */
function rateLimitSpec(config: Record<string, unknown>, app: CompiledApp): RateLimitSpec | undefined {
  const key = config.key as { kind?: string; name?: unknown } | undefined;
  if (
    typeof config.limit !== 'number' ||
    typeof config.windowMs !== 'number' ||
    !(config.algorithm === 'fixed' || config.algorithm === 'sliding') ||
    typeof config.headers !== 'boolean' ||
    typeof config.policy !== 'string' ||
    !(key?.kind === 'ip' || (key?.kind === 'header' && typeof key.name === 'string'))
  )
    return undefined;
  return {
    limit: config.limit,
    windowMs: config.windowMs,
    sliding: config.algorithm === 'sliding',
    header: key.kind === 'header' ? (key.name as string) : undefined,
    sendHeaders: config.headers,
    policy: config.policy,
    // The plugin throws HTTPError(429) without a detail: the app's bare 429 plus its headers.
    refused: fixed(app.errorResponse(429)),
  };
}

/** The forms' 401s are written in the default error format; another one keeps `jwt` in JS. */
function defaultErrorFormat(app: CompiledApp): boolean {
  const r = app.errorResponse(401);
  return r.headers[1] === 'application/json' && r.body === '{"detail":"Unauthorized"}';
}

function specOf(form: NativeForm, app: CompiledApp): NativeFormSpec | undefined {
  if (form.kind === 'jwt') {
    const jwt = defaultErrorFormat(app) ? jwtSpec(form.config) : undefined;
    return jwt && { jwt };
  }
  const rateLimit = rateLimitSpec(form.config, app);
  return rateLimit && { rateLimit };
}

/** A form the route has only through its dependency (no hook of it to drop in JS). */
const dependencyOnly = (route: CompiledRoute, f: NativeForm) =>
  route.dependencyForm === f &&
  !route.hookForms?.onRequest.includes(f) &&
  !route.hookForms?.onSend.includes(f);

const nativeOf = (route: CompiledRoute, kinds: ReadonlySet<string>) =>
  route.nativeForms.filter((f) => kinds.has(f.kind));
const hookNativeOf = (route: CompiledRoute, kinds: ReadonlySet<string>) =>
  nativeOf(route, kinds).filter((f) => !dependencyOnly(route, f));

/**
 * A route whose remaining hooks are the app-wide decorating ones Rust reproduces on its own
 * answers (`decorate.rs`): the cors plugin's onRequest hook (Rust answers preflights before the
 * forms), and exactly the root's onSend hooks, which Rust reproduces; nothing that sees errors or
 * responses. A `jwt` refusal there, decorated so, is the whole answer JS would give.
 */
function decoratable(route: CompiledRoute, served: CompiledApp, cors: CorsPlan | undefined): boolean {
  const root = (served as CompiledApp & { rootHooks?: { onSend: readonly (NativeForm | null)[] } }).rootHooks;
  const h = route.hookForms;
  if (!root || !h || h.onResponse + h.onError + h.errorHandlers > 0) return false;
  if (cors) {
    if (!h.onRequest.every((f) => f === cors.form)) return false;
  } else if (h.onRequest.length > 0 || plainDecorations(served) === undefined) {
    // Without CORS: the root's onSend hooks alone (request id, security headers) decorate.
    return false;
  }
  return h.onSend.length === root.onSend.length && h.onSend.every((f, i) => f === root.onSend[i]);
}

/** Decides the plan for `app` (`enabled`: the `nativeForms` option). */
export function nativePlan(app: CompiledApp, enabled: boolean): NativePlan {
  const core = app as CompiledApp & WithNative;
  if (!enabled || core.withNative === undefined) return none(app);
  // Rust compresses every answer it sends, its own included: the compress hook never disqualifies.
  const compress = nativeCompress(app);
  const extra = compress ? ['compress'] : [];
  const specs = new Map<NativeForm, NativeFormSpec | undefined>();
  const kinds = new Set<string>();
  for (const route of app.routes) {
    for (const form of route.nativeForms) {
      if (!(KINDS as readonly string[]).includes(form.kind)) continue;
      if (!specs.has(form)) specs.set(form, specOf(form, app));
      kinds.add(form.kind);
    }
    // Two JWT checks on one route: the claims JS trusts are one scheme's; JS keeps both.
    if (route.nativeForms.filter((f) => f.kind === 'jwt').length > 1) kinds.delete('jwt');
  }
  for (const [form, spec] of specs) if (spec === undefined) kinds.delete(form.kind);
  // Dropping a kind puts its hooks back, which may disqualify another: repeat until it holds.
  let served: CompiledApp | undefined;
  let cors: CorsPlan | undefined;
  const qualifies = (route: CompiledRoute, own: readonly NativeForm[]) =>
    route.hooksBesideNative === false ||
    (own.every((f) => f.kind === 'jwt') && decoratable(route, served as CompiledApp, cors));
  for (;;) {
    if (kinds.size === 0) return none(app, compress);
    served = core.withNative([...kinds, ...extra]);
    cors = nativeCors(app, served);
    const before = kinds.size;
    for (const route of served.routes) {
      const own = hookNativeOf(route, kinds);
      if (own.length > 0 && !qualifies(route, own)) for (const f of own) kinds.delete(f.kind);
    }
    if (kinds.size === before) break;
  }
  const forms: NativeFormSpec[] = [];
  const index = new Map<NativeForm, number>();
  const indexOf = (f: NativeForm) => {
    let i = index.get(f);
    if (i === undefined) {
      i = forms.push(specs.get(f) as NativeFormSpec) - 1;
      index.set(f, i);
    }
    return i;
  };
  const routeForms = served.routes.map((r) => {
    // A dependency's form runs only where the whole refusal is Rust's to give; else JS checks it.
    const own = nativeOf(r, kinds).filter((f) => !dependencyOnly(r, f) || qualifies(r, [f]));
    return own.length ? own.map(indexOf) : undefined;
  });
  const decorated = served.routes.map((r, i) => routeForms[i] !== undefined && r.hooksBesideNative !== false);
  return {
    kinds: [...kinds, ...extra],
    forms,
    routeForms,
    decorated,
    unmatchedForms: rootForms(core, served, kinds, extra).map(indexOf),
    unmatchedToJs: served.hooksOnEveryRequest,
    ...(compress ? { compress } : {}),
  };
}

/**
 * The native forms of the root API's hooks: with them in JS, requests no route matched pass them
 * (`hooksOnEveryRequest`); a root form covers every route, so it is among the forms all share.
 */
function rootForms(
  core: WithNative,
  served: CompiledApp,
  kinds: ReadonlySet<string>,
  extra: readonly string[],
): NativeForm[] {
  if (served.hooksOnEveryRequest || served.routes.length === 0) return [];
  const [first, ...rest] = served.routes as CompiledRoute[];
  const shared = nativeOf(first as CompiledRoute, kinds).filter((f) =>
    rest.every((r) => r.nativeForms.includes(f)),
  );
  return shared.filter((f) => {
    const without = [...kinds, ...extra].filter((k) => k !== f.kind);
    // This kind puts a hook back on the root: its shared form of that kind is the root's.
    return core.withNative?.(without).hooksOnEveryRequest === true;
  });
}

/** The app JavaScript serves: without the hooks of the kinds Rust runs. */
export function servedApp(app: CompiledApp, plan: NativePlan): CompiledApp {
  const core = app as CompiledApp & WithNative;
  return plan.kinds.length && core.withNative ? core.withNative(plan.kinds) : app;
}
