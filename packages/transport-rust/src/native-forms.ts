/**
 * Which plugins' native forms this engine runs, decided once from the compiled app. Here: CORS
 * preflights (kind `cors`, @bolt/middleware's `cors()`), answered in Rust for every path.
 *
 * The plugin's onSend hook still adds the CORS headers to actual answers in JavaScript, and Rust
 * only takes preflights before they reach JS. In JS a preflight is answered by the plugin's
 * onRequest hook and then passes the root API's onSend hooks, so Rust answers it only when the
 * plugin's hook is the root's first onRequest hook, no onResponse hook would see the answer, and
 * every root onSend hook is one Rust reproduces (`decorate.rs`): core's request id, security
 * headers, the cors hook itself (which leaves preflights alone), compression (never on a 204).
 */
import type { NativeForm } from '@bolt/core';
import type { CompiledApp } from '@bolt/core/transport';
import type { CorsSpec, DecorationSpec } from './native-types.js';

/** What core's compiled app offers beyond the engine contract (`BoltCompiledApp`). */
interface WithNative {
  readonly nativeForms?: readonly NativeForm[];
  readonly rootHooks?: {
    readonly onRequest: readonly (NativeForm | null)[];
    readonly onSend: readonly (NativeForm | null)[];
    readonly onResponse: number;
  };
}

/** The `cors` form's config, as @bolt/middleware declares it (README, "Native forms"). */
interface CorsConfig {
  readonly origins: '*' | readonly string[];
  readonly originPattern: string | null;
  readonly credentials: boolean;
  readonly allowMethods: string;
  readonly allowHeaders: string | null;
  readonly exposeHeaders: string | null;
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
    optional(c.exposeHeaders) &&
    optional(c.maxAge)
  );
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/**
 * The root onSend hooks as steps Rust runs on its own answers, or undefined when one of them is
 * not reproducible (a hook without a native form, another kind, a config Rust does not read).
 */
export function decorationsOf(
  onSend: readonly (NativeForm | null)[],
  cors: NativeForm | undefined,
): DecorationSpec[] | undefined {
  const steps: DecorationSpec[] = [];
  for (const form of onSend) {
    if (form === null) return undefined;
    const c = form.config;
    if (form.kind === 'request-id' && typeof c.header === 'string') steps.push({ requestId: c.header });
    else if (form.kind === 'cors' && form === cors) steps.push({ cors: true });
    else if (
      form.kind === 'security-headers' &&
      isStrings(c.always) &&
      isStrings(c.html) &&
      isStrings(c.https)
    )
      // `https` only applies when trustProxy says so, and its hook would run after cors's here.
      steps.push({ securityAlways: [...c.always], securityHtml: [...c.html] });
    else if (form.kind === 'compress')
      continue; // a preflight is a 204: never compressed
    else return undefined;
  }
  return steps;
}

/**
 * The root onSend hooks Rust reproduces on its own answers in an app without a native CORS plan:
 * only when the root has no onRequest or onResponse hook (nothing else could answer first or
 * observe the answer) and every onSend hook is reproducible. Undefined otherwise.
 */
export function plainDecorations(served: CompiledApp): DecorationSpec[] | undefined {
  const root = (served as CompiledApp & WithNative).rootHooks;
  if (root === undefined || root.onRequest.length > 0 || root.onResponse > 0) return undefined;
  return decorationsOf(root.onSend, undefined);
}

export interface CorsPlan {
  readonly form: NativeForm;
  readonly cors: CorsSpec;
  readonly decorations: DecorationSpec[];
}

/**
 * The CORS policy Rust answers preflights with and the root onSend hooks it reproduces on them,
 * or undefined when JavaScript must answer them. `served`: the app JS serves (without the hooks
 * of the kinds Rust runs).
 */
export function nativeCors(app: CompiledApp, served: CompiledApp = app): CorsPlan | undefined {
  const core = app as CompiledApp & WithNative;
  const forms = (core.nativeForms ?? []).filter((f) => f.kind === 'cors');
  const [form] = forms;
  const root = (served as CompiledApp & WithNative).rootHooks;
  if (forms.length !== 1 || form === undefined || root === undefined) return undefined;
  const config = form.config;
  // A RegExp is JavaScript's syntax and semantics; the JS hook keeps it.
  if (!isCorsConfig(config) || config.originPattern !== null) return undefined;
  // App-wide: every route lists it (a form of an included API covers only that API's routes).
  if (!app.routes.every((r) => r.nativeForms.includes(form))) return undefined;
  // The plugin's hook answers first, and what follows it in JS is reproducible.
  if (root.onRequest[0] !== form || root.onResponse > 0) return undefined;
  const decorations = decorationsOf(root.onSend, form);
  if (decorations === undefined) return undefined;
  return {
    form,
    cors: {
      anyOrigin: config.origins === '*',
      origins: config.origins === '*' ? [] : [...config.origins],
      credentials: config.credentials,
      allowMethods: config.allowMethods,
      allowHeaders: config.allowHeaders ?? undefined,
      maxAge: config.maxAge ?? undefined,
      exposeHeaders: config.exposeHeaders ?? undefined,
    },
    decorations,
  };
}
