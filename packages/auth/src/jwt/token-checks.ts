/**
 * Every check a JWT goes through, with its error code and the public detail of its 401, declared
 * once: the JS verifier answers from this table and the native form hands the same answers to the
 * Rust engine, so both refuse byte for byte alike.
 */
import type { AuthErrorName } from '../errors.js';

export interface TokenCheck {
  readonly error: AuthErrorName;
  /** The 401's `detail` and the challenge's `error_description`. */
  readonly detail: string;
}

/** By check name (the names the native form uses too). */
export const TOKEN_CHECKS = {
  missing: {
    error: 'CREDENTIALS_MISSING',
    detail: 'Not authenticated: send an "Authorization: Bearer <token>" header',
  },
  malformed: { error: 'TOKEN_MALFORMED', detail: 'Invalid token: it is not a well-formed JWT' },
  algorithm: { error: 'TOKEN_ALGORITHM', detail: 'Invalid token: its algorithm (alg) is not accepted' },
  signature: { error: 'TOKEN_SIGNATURE', detail: 'Invalid token: the signature does not verify' },
  key: { error: 'TOKEN_KEY_UNKNOWN', detail: 'Invalid token: its key (kid) is not known' },
  exp: { error: 'TOKEN_EXPIRED', detail: 'Invalid token: it has expired (exp)' },
  nbf: { error: 'TOKEN_NOT_YET_VALID', detail: 'Invalid token: it is not valid yet (nbf)' },
  iat: { error: 'TOKEN_ISSUED_IN_FUTURE', detail: 'Invalid token: it was issued in the future (iat)' },
  maxAge: { error: 'TOKEN_EXPIRED', detail: 'Invalid token: it is older than accepted (iat)' },
  iss: { error: 'TOKEN_ISSUER', detail: 'Invalid token: its issuer (iss) is not accepted' },
  aud: { error: 'TOKEN_AUDIENCE', detail: 'Invalid token: its audience (aud) is not accepted' },
  claim: { error: 'TOKEN_CLAIM_MISSING', detail: 'Invalid token: a required claim is missing' },
  claims: { error: 'TOKEN_CLAIMS_INVALID', detail: 'Invalid token: its claims do not match the schema' },
} as const satisfies Record<string, TokenCheck>;

export type TokenCheckName = keyof typeof TOKEN_CHECKS;
