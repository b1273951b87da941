/**
 * Security schemes and per-route requirements. A route's `security` option wins; otherwise the
 * requirements are read from what the route runs: dependencies, hooks and plugins that carry an
 * `openapi` descriptor (as @bolt/auth's `user`, `require()`, `guard()` and `protect()` do), all
 * of which must pass; with none, the document's default `security` applies.
 */
import type { SecurityRequirementLike, SecuritySchemeLike } from '@bolt/core';
import { OpenAPIError, OpenAPIErrorCode } from './errors.js';
import type { RouteDefinitionLike } from './route-definition.js';

type Requirement = Record<string, string[]>;

/** What an auth dependency, hook or plugin says about the route (see @bolt/auth's `openapi.ts`). */
interface Described {
  readonly security: readonly Readonly<Record<string, readonly string[]>>[];
  readonly securitySchemes: Readonly<Record<string, object>>;
  readonly optional?: boolean;
  readonly responses?: readonly number[];
}

function describedBy(value: unknown): Described | undefined {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
  const info = (value as { openapi?: unknown }).openapi;
  if (typeof info !== 'object' || info === null) return undefined;
  const d = info as Partial<Described>;
  return Array.isArray(d.security) && typeof d.securitySchemes === 'object' ? (d as Described) : undefined;
}

function listOf(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Every descriptor a route carries, in the order its pieces run. */
function descriptorsOf(def: RouteDefinitionLike): Described[] {
  const found = new Set<Described>();
  const add = (value: unknown) => {
    const d = describedBy(value);
    if (d) found.add(d);
  };
  for (const plugin of def.plugins ?? []) add(plugin);
  for (const set of def.hookSets ?? []) {
    for (const hooks of Object.values(set.hooks)) for (const hook of hooks) add(hook.fn);
  }
  for (const hook of listOf(def.options.onRequest)) add(hook);
  for (const hook of listOf(def.options.preHandler)) add(hook);
  for (const dep of Object.values(def.options.deps ?? {})) add(dep);
  return [...found];
}

function isDescriptor(value: SecurityRequirementLike): value is SecuritySchemeLike {
  return (
    typeof value === 'object' &&
    typeof (value as SecuritySchemeLike).name === 'string' &&
    typeof (value as SecuritySchemeLike).scheme === 'object'
  );
}

/** Collects schemes and answers each route's requirements. */
export class SecurityCollector {
  readonly #schemes = new Map<string, object>();
  /** Scheme names given as strings, checked once the document is finished (a later descriptor may define them). */
  readonly #pending: { name: string; where: string }[] = [];
  readonly #default: Requirement[] | undefined;

  constructor(schemes: readonly SecuritySchemeLike[] = [], defaults?: readonly SecurityRequirementLike[]) {
    for (const s of schemes) this.#schemes.set(s.name, s.scheme);
    this.#default = defaults?.length
      ? defaults.map((d) => this.#requirement(d, 'security option'))
      : undefined;
  }

  #requirement(value: SecurityRequirementLike, where: string): Requirement {
    if (typeof value === 'string') return this.#named(value, [], where);
    if (isDescriptor(value)) {
      this.#schemes.set(value.name, value.scheme);
      return { [value.name]: [] };
    }
    const out: Requirement = {};
    for (const [name, scopes] of Object.entries(value as Record<string, readonly string[]>)) {
      Object.assign(out, this.#named(name, scopes, where));
    }
    return out;
  }

  #named(name: string, scopes: readonly string[], where: string): Requirement {
    this.#pending.push({ name, where });
    return { [name]: [...scopes] };
  }

  /**
   * The route's requirements and the statuses its auth may answer; `undefined` security means
   * "the document's default".
   */
  route(def: RouteDefinitionLike, where: string): { security?: Requirement[]; statuses: number[] } {
    const explicit = def.options.security;
    if (explicit !== undefined) {
      return { security: explicit.map((r) => this.#requirement(r, where)), statuses: [] };
    }
    const found = descriptorsOf(def);
    // Nothing on the route: the document's top-level `security` (if any) speaks for it.
    if (found.length === 0) return { statuses: [] };
    // Every piece must pass: the requirement is their product; an optional piece also allows "none".
    let alternatives: Requirement[] = [{}];
    const statuses = new Set<number>();
    for (const d of found) {
      for (const [name, scheme] of Object.entries(d.securitySchemes)) this.#schemes.set(name, scheme);
      for (const s of d.responses ?? []) statuses.add(s);
      const options = d.security.map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, [...v]])),
      );
      const next = alternatives.flatMap((a) => options.map((o) => ({ ...a, ...o })));
      alternatives = d.optional ? [...next, ...alternatives] : next;
    }
    const unique = new Map(alternatives.map((a) => [JSON.stringify(a), a]));
    return { security: [...unique.values()], statuses: [...statuses].sort() };
  }

  /** `components.securitySchemes`; throws when a route named a scheme nothing defines. */
  schemes(): Record<string, object> | undefined {
    for (const { name, where } of this.#pending) {
      if (!this.#schemes.has(name)) {
        throw new OpenAPIError(
          OpenAPIErrorCode.SECURITY_SCHEME_UNKNOWN,
          `${where}: security scheme "${name}" is not defined. Pass its descriptor (e.g. an auth scheme's \`openapi\`) in the route's security or in the openapi() option securitySchemes.`,
        );
      }
    }
    if (this.#schemes.size === 0) return undefined;
    return Object.fromEntries([...this.#schemes].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** The document's top-level `security`, when a default was given. */
  get defaultSecurity(): Requirement[] | undefined {
    return this.#default;
  }
}
