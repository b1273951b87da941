/**
 * JWT bearer authentication as a scheme: the token from `Authorization: Bearer`, checked by a
 * {@link jwtVerifier}, the verified (and schema-checked) claims as the typed identity. Refusals are
 * 401 with RFC 6750's `www-authenticate: Bearer error="invalid_token"` and a detail naming the check.
 */
import { HTTPError, type NativeForm } from '@bolt/core';
import type { TObject } from '@bolt/schema';
import type { JWTPayload } from 'jose';
import { bearerChallenge, unauthorized } from '../challenge.js';
import { AuthErrors } from '../errors.js';
import type { SchemeDescriptor } from '../openapi.js';
import { type AuthScheme, buildScheme } from '../scheme.js';
import { bearerToken } from './bearer-token.js';
import {
  type ClaimsOf,
  JwksUnavailableError,
  type JwtVerifier,
  type JwtVerifierOptions,
  jwtVerifier,
} from './jwt-verifier.js';
import { JWKS_UNAVAILABLE, jwtNativeForm } from './native-form.js';
import { TOKEN_CHECKS } from './token-checks.js';

/** Options of {@link jwtAuth}: the verifier's, plus how the scheme presents itself. */
export interface JwtAuthOptions<S extends TObject | undefined> extends JwtVerifierOptions<S> {
  /** `realm` of the `www-authenticate` challenge. Default: none. */
  realm?: string;
  /** Name under OpenAPI's `components.securitySchemes`. Default `bearerAuth`. */
  name?: string;
  /** OpenAPI description of the scheme. Default: none. */
  description?: string;
}

export interface JwtAuth<C> extends AuthScheme<C> {
  readonly verifier: JwtVerifier<C>;
  /** `{ kind: 'jwt', config }`: what an engine needs to verify tokens itself (see native-form.ts). */
  readonly native: NativeForm;
}

/**
 * @example
 * const auth = jwtAuth({
 *   key: { secret: process.env.JWT_SECRET! },
 *   issuer: 'bolt-example',
 *   claims: t.Object({ sub: t.String(), roles: t.Array(t.String()) }),
 * });
 * api.get('/me', { deps: { user: auth.user } }, ({ deps }) => ({ username: deps.user.sub }));
 * // no token: 401, www-authenticate: Bearer
 * // expired:  401, www-authenticate: Bearer error="invalid_token", error_description="Invalid token: it has expired (exp)"
 * api.get('/admin', { deps: { user: auth.require(hasRole('admin')) } }, () => 'ok'); // 403 for others
 */
export function jwtAuth<const S extends TObject | undefined = undefined>(
  options: JwtAuthOptions<S>,
): JwtAuth<ClaimsOf<S>> {
  const verifier = jwtVerifier(options);
  const { realm } = options;
  const descriptor: SchemeDescriptor = Object.freeze({
    name: options.name ?? 'bearerAuth',
    scheme: Object.freeze({
      type: 'http' as const,
      scheme: 'bearer' as const,
      bearerFormat: 'JWT',
      ...(options.description ? { description: options.description } : {}),
    }),
  });
  const native = jwtNativeForm(verifier.native, realm, options.claims !== undefined);
  const missing = () =>
    unauthorized('CREDENTIALS_MISSING', TOKEN_CHECKS.missing.detail, bearerChallenge(realm));

  const scheme = buildScheme<ClaimsOf<S>>({
    descriptor,
    native,
    missing,
    identify: (request) => {
      // The engine verified the token itself (native form `jwt`): only the claims schema is left.
      if (request.native.jwtForm === native && request.native.jwt !== undefined) {
        const result = verifier.checkClaims(request.native.jwt as JWTPayload);
        if (result.ok) return result.claims;
        throw unauthorized(
          TOKEN_CHECKS[result.check].error,
          result.detail,
          bearerChallenge(realm, { description: result.detail }),
        );
      }
      const token = bearerToken(request.header('authorization'));
      if (token === undefined) return undefined;
      if (token === '') {
        const { detail } = TOKEN_CHECKS.malformed;
        throw unauthorized('TOKEN_MALFORMED', detail, bearerChallenge(realm, { description: detail }));
      }
      return verifier.verify(token).then(
        (result) => {
          if (result.ok) return result.claims;
          const error = TOKEN_CHECKS[result.check].error;
          throw unauthorized(error, result.detail, bearerChallenge(realm, { description: result.detail }));
        },
        (error: unknown) => {
          if (!(error instanceof JwksUnavailableError)) throw error;
          request.log.error({ err: error }, 'JWT check failed: the JWKS could not be fetched');
          const [name, value] = JWKS_UNAVAILABLE.headers as [string, string];
          throw new HTTPError(
            503,
            JWKS_UNAVAILABLE.detail,
            { [name]: value },
            AuthErrors.JWKS_UNAVAILABLE.code,
          );
        },
      );
    },
  });
  return Object.freeze({ ...scheme, verifier, native });
}
