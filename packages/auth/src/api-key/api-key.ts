/**
 * API-key authentication as a scheme: the key from a header, a query parameter or a cookie,
 * checked against static keys (constant-time) or by the app's own lookup (a store), whose result
 * is the typed identity. No key: 401 naming where it goes; a wrong key: 401.
 */

import type { HookRequest } from '@bolt/core';
import { parse as parseCookies } from 'cookie';
import { unauthorized } from '../challenge.js';
import { AuthConfigError } from '../errors.js';
import type { SchemeDescriptor } from '../openapi.js';
import { type AuthScheme, buildScheme } from '../scheme.js';
import { keyDigests, matchKey } from './constant-time.js';

type Maybe<T> = T | Promise<T>;

interface ApiKeyBase {
  /** Where the key is sent. Default `header`. */
  in?: 'header' | 'query' | 'cookie';
  /** The header (case-insensitive), query parameter or cookie name. Default `x-api-key`. */
  name?: string;
  /** `realm` of the `www-authenticate` challenge. Default: none. */
  realm?: string;
  /** Name under OpenAPI's `components.securitySchemes`. Default `apiKeyAuth`. */
  schemeName?: string;
  /** OpenAPI description of the scheme. Default: none. */
  description?: string;
}

/** The identity of a request that sent one of the static `keys`: which one (its position). */
export interface StaticKeyIdentity {
  readonly keyIndex: number;
}

/** Options with static keys: the identity is {@link StaticKeyIdentity}. */
export interface StaticApiKeyOptions extends ApiKeyBase {
  /** The accepted keys, compared in constant time. */
  keys: readonly string[];
}

/** Options with a lookup: its result is the identity, `undefined` refuses the key. */
export interface LookupApiKeyOptions<U> extends ApiKeyBase {
  /** Finds the key's owner (a database, a store); `undefined` (or null) means the key is not valid. */
  lookup: (key: string, request: HookRequest) => Maybe<U | undefined | null>;
}

function presentedKey(
  where: 'header' | 'query' | 'cookie',
  name: string,
  request: HookRequest,
): string | undefined {
  let value: string | undefined;
  if (where === 'header') value = request.header(name);
  else if (where === 'query') value = new URLSearchParams(request.rawQuery).get(name) ?? undefined;
  else {
    const header = request.header('cookie');
    value = header ? parseCookies(header)[name] : undefined;
  }
  return value === '' ? undefined : value;
}

/**
 * @example
 * const reportsKey = apiKey({ keys: [process.env.API_KEY ?? 'dev-key'] });
 * api.get('/reports', { deps: { key: reportsKey.user } }, () => ({ reports: [] }));
 * // x-api-key: dev-key -> 200; missing or wrong -> 401 (www-authenticate: ApiKey in="header", name="x-api-key")
 *
 * const byStore = apiKey({ in: 'query', name: 'key', lookup: (key) => store.ownerOf(key) });
 */
export function apiKey(options: StaticApiKeyOptions): AuthScheme<StaticKeyIdentity>;
export function apiKey<U>(options: LookupApiKeyOptions<U>): AuthScheme<U>;
export function apiKey<U>(
  options: StaticApiKeyOptions | LookupApiKeyOptions<U>,
): AuthScheme<U | StaticKeyIdentity> {
  const where = options.in ?? 'header';
  const name =
    where === 'header' ? (options.name ?? 'x-api-key').toLowerCase() : (options.name ?? 'x-api-key');
  const realm = options.realm === undefined ? '' : `realm="${options.realm}", `;
  const challenge = `ApiKey ${realm}in="${where}", name="${name}"`;
  const descriptor: SchemeDescriptor = Object.freeze({
    name: options.schemeName ?? 'apiKeyAuth',
    scheme: Object.freeze({
      type: 'apiKey' as const,
      in: where,
      name,
      ...(options.description ? { description: options.description } : {}),
    }),
  });
  const invalid = () => unauthorized('API_KEY_INVALID', 'Invalid API key', challenge);

  let check: (key: string, request: HookRequest) => Maybe<U | StaticKeyIdentity | undefined | null>;
  if ('keys' in options) {
    if (options.keys.length === 0 || options.keys.some((k) => k.length === 0)) {
      throw new AuthConfigError('apiKey keys must be a non-empty list of non-empty strings.');
    }
    const digests = keyDigests(options.keys);
    check = (key) => {
      const keyIndex = matchKey(key, digests);
      return keyIndex === -1 ? undefined : Object.freeze({ keyIndex });
    };
  } else if (typeof options.lookup === 'function') {
    check = options.lookup;
  } else {
    throw new AuthConfigError(
      'apiKey needs `keys` (static keys) or `lookup` (a function finding the key owner).',
    );
  }

  return buildScheme<U | StaticKeyIdentity>({
    descriptor,
    missing: () =>
      unauthorized(
        'CREDENTIALS_MISSING',
        `Not authenticated: send the API key in the "${name}" ${where}`,
        challenge,
      ),
    identify: (request) => {
      const key = presentedKey(where, name, request);
      if (key === undefined) return undefined;
      const found = check(key, request);
      const accept = (owner: U | StaticKeyIdentity | undefined | null) => {
        if (owner === undefined || owner === null) throw invalid();
        return owner;
      };
      return found instanceof Promise ? found.then(accept) : accept(found);
    },
  });
}
