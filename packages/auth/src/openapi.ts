/**
 * How each scheme describes itself for OpenAPI, as plain data the OpenAPI generator reads without
 * knowing @bolt/auth: a scheme's `openapi` is its `components.securitySchemes` entry, and every
 * dependency, hook and plugin a scheme hands out carries `openapi` with the route's requirement.
 */

/** An OpenAPI 3.1 Security Scheme Object (the kinds @bolt/auth produces). */
export type SecuritySchemeObject =
  | {
      readonly type: 'http';
      readonly scheme: 'bearer';
      readonly bearerFormat?: string;
      readonly description?: string;
    }
  | {
      readonly type: 'apiKey';
      readonly in: 'header' | 'query' | 'cookie';
      readonly name: string;
      readonly description?: string;
    };

/** A scheme's own description: its name under `components.securitySchemes` and the entry. */
export interface SchemeDescriptor {
  readonly name: string;
  readonly scheme: SecuritySchemeObject;
}

/**
 * What a route gains from a dependency, hook or plugin of a scheme (read from its `openapi`):
 * - `security` becomes the operation's `security` list (with `{}` added when `optional`),
 * - `securitySchemes` go to `components.securitySchemes`,
 * - `responses` are the statuses it may answer (401, and 403 when guards are attached),
 * - `guards` name the guards (for the operation's description).
 */
export interface RouteSecurity {
  readonly security: readonly Readonly<Record<string, readonly string[]>>[];
  readonly securitySchemes: Readonly<Record<string, SecuritySchemeObject>>;
  readonly optional: boolean;
  readonly responses: readonly number[];
  readonly guards: readonly string[];
}

/** Anything a route may name that carries security info (`openapi` on a dependency, hook or plugin). */
export interface DescribesSecurity {
  readonly openapi: RouteSecurity;
}

/** The route security of a scheme, optional or guarded. */
export function routeSecurity(
  scheme: SchemeDescriptor,
  optional: boolean,
  guards: readonly string[],
): RouteSecurity {
  return Object.freeze({
    security: Object.freeze([Object.freeze({ [scheme.name]: Object.freeze([] as string[]) })]),
    securitySchemes: Object.freeze({ [scheme.name]: scheme.scheme }),
    optional,
    responses: Object.freeze(guards.length ? [401, 403] : [401]),
    guards: Object.freeze([...guards]),
  });
}

/** Reads the route security a value carries (a dependency, a hook function, a plugin), if any. */
export function securityOf(value: unknown): RouteSecurity | undefined {
  if ((typeof value === 'object' || typeof value === 'function') && value !== null && 'openapi' in value) {
    const info = (value as { openapi: unknown }).openapi;
    if (typeof info === 'object' && info !== null && 'security' in info) return info as RouteSecurity;
  }
  return undefined;
}
