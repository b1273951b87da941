/**
 * Guards: predicates over an established identity. A guard that returns false makes the request a
 * 403 (an identity without permission); no identity at all is the scheme's 401, decided before any
 * guard runs. Guards are typed by the identity they read, so `hasRole` on a user type without
 * `roles` is a compile error.
 */
import type { HookRequest } from '@bolt/core';

/** A check over the identity `U`; may be async. `description` names it in the 403 detail. */
export interface Guard<U> {
  (user: U, request: HookRequest): boolean | Promise<boolean>;
  readonly description?: string;
}

/** Names a guard (for the 403 detail and the OpenAPI description). */
export function guard<U>(
  description: string,
  check: (user: U, request: HookRequest) => boolean | Promise<boolean>,
): Guard<U> {
  return Object.assign((user: U, request: HookRequest) => check(user, request), { description });
}

/** Any identity at all. */
export const authenticated: Guard<unknown> = guard('authenticated', () => true);

/** The identity's `roles` (an array, or a space-separated string) contain `role`. */
export function hasRole(role: string): Guard<{ readonly roles?: readonly string[] | string | undefined }> {
  return guard(`role "${role}"`, (user) => listOf(user.roles).includes(role));
}

/** The identity's `permissions` array, or its OAuth2 `scope` string, contains `permission`. */
export function hasPermission(
  permission: string,
): Guard<{ readonly permissions?: readonly string[] | undefined; readonly scope?: string | undefined }> {
  return guard(
    `permission "${permission}"`,
    (user) => listOf(user.permissions).includes(permission) || listOf(user.scope).includes(permission),
  );
}

/** The identity has claim `name` (equal to `value` when given; for arrays, containing it). */
export function hasClaim(name: string, value?: unknown): Guard<object> {
  return guard(
    value === undefined ? `claim "${name}"` : `claim "${name}" = ${JSON.stringify(value)}`,
    (user) => {
      const got = (user as Record<string, unknown>)[name];
      if (value === undefined) return got !== undefined && got !== null;
      return Array.isArray(got) ? got.includes(value) : got === value;
    },
  );
}

type IdentityOf<G> = G extends Guard<infer U> ? U : never;
type Intersect<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** The identity every guard of `G` can read: the intersection of what each one reads. */
export type IdentityOfAll<G extends readonly Guard<never>[]> = Intersect<IdentityOf<G[number]>>;

/** Passes when at least one of `guards` passes (tried in order). */
export function anyOf<const G extends readonly Guard<never>[]>(...guards: G): Guard<IdentityOfAll<G>> {
  const list = guards as unknown as readonly Guard<IdentityOfAll<G>>[];
  return guard(list.map(describe).join(' or '), async (user, request) => {
    for (const g of list) if (await g(user, request)) return true;
    return false;
  });
}

/** Passes when every one of `guards` passes (tried in order, stopping at the first refusal). */
export function allOf<const G extends readonly Guard<never>[]>(...guards: G): Guard<IdentityOfAll<G>> {
  const list = guards as unknown as readonly Guard<IdentityOfAll<G>>[];
  return guard(list.map(describe).join(' and '), async (user, request) => {
    for (const g of list) if (!(await g(user, request))) return false;
    return true;
  });
}

export function describe(g: Guard<never>): string {
  return g.description ?? (g.name || 'a custom check');
}

function listOf(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  return typeof value === 'string' ? value.split(' ') : [];
}
