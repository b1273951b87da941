/**
 * The native form of a JWT scheme (`{ kind: 'jwt', config }`): what an engine needs to verify
 * tokens itself before JS is entered, and the exact 401 answers the JS check gives, computed here
 * once so both forms answer byte for byte alike. Claims that pass are handed to JS unchanged; the
 * claims schema and the guards still run in JS.
 */
import type { NativeForm } from '@bolt/core';
import { bearerChallenge } from '../challenge.js';
import { AuthErrors } from '../errors.js';
import type { NativeJwtChecks } from './jwt-verifier.js';
import { TOKEN_CHECKS, type TokenCheckName } from './token-checks.js';

/** A fixed answer, in the contract's BoltResponse shape (flat header list, string body). */
export interface NativeAnswer {
  readonly status: number;
  readonly headers: readonly string[];
  readonly body: string;
  /** The error code (`BOLT_ERR_AUTH_TOKEN_EXPIRED`, ...), for the engine's log line. */
  readonly code: string;
}

/** `config` of the `jwt` native form. */
export interface JwtNativeConfig extends NativeJwtChecks {
  /** Request header holding `Bearer <token>` (lower-case). */
  readonly header: 'authorization';
  /**
   * By check: `missing`, `malformed`, `algorithm`, `signature`, `key`, `exp`, `nbf`, `iat`,
   * `maxAge`, `iss`, `aud`, `claim:<name>` for each required claim, and `jwksUnavailable` (503)
   * when a JWKS cannot be fetched.
   */
  readonly answers: Readonly<Record<string, NativeAnswer>>;
  /** The claims schema runs in JS after the native check (true when the scheme has one). */
  readonly claimsSchemaInJs: boolean;
}

/** The 401 a JS check gives for `check` (`detail` overrides the table's, for `claim:<name>`). */
export function tokenAnswer(realm: string | undefined, check: TokenCheckName, detail?: string): NativeAnswer {
  const spec = TOKEN_CHECKS[check];
  const text = detail ?? spec.detail;
  const challenge =
    check === 'missing' ? bearerChallenge(realm) : bearerChallenge(realm, { description: text });
  return Object.freeze({
    status: 401,
    headers: Object.freeze(['content-type', 'application/json', 'www-authenticate', challenge]),
    body: JSON.stringify({ detail: text }),
    code: AuthErrors[spec.error].code,
  });
}

export function jwtNativeForm(
  checks: NativeJwtChecks,
  realm: string | undefined,
  claimsSchema: boolean,
): NativeForm {
  const answers: Record<string, NativeAnswer> = {};
  for (const check of Object.keys(TOKEN_CHECKS) as TokenCheckName[]) {
    if (check !== 'claim' && check !== 'claims') answers[check] = tokenAnswer(realm, check);
  }
  answers.jwksUnavailable = Object.freeze({
    status: 503,
    headers: Object.freeze(['content-type', 'application/json', ...JWKS_UNAVAILABLE.headers]),
    body: JSON.stringify({ detail: JWKS_UNAVAILABLE.detail }),
    code: AuthErrors.JWKS_UNAVAILABLE.code,
  });
  for (const claim of checks.requiredClaims) {
    answers[`claim:${claim}`] = tokenAnswer(realm, 'claim', claimDetail(claim));
  }
  const config: JwtNativeConfig = {
    ...checks,
    header: 'authorization',
    answers: Object.freeze(answers),
    claimsSchemaInJs: claimsSchema,
  };
  return Object.freeze({ kind: 'jwt', config: Object.freeze(config) as unknown as Record<string, unknown> });
}

/** The 503 when a JWKS cannot be fetched: the server cannot check tokens right now. */
export const JWKS_UNAVAILABLE = Object.freeze({
  detail: 'Tokens cannot be verified right now; retry later',
  headers: Object.freeze(['retry-after', '5']),
});

export const claimDetail = (claim: string) => `Invalid token: the required claim "${claim}" is missing`;
