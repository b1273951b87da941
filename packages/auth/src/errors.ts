/**
 * Every error @bolt/auth raises, declared once. Per-request refusals are `HTTPError`s with these
 * codes (401 with `www-authenticate`, or 403), so an `onError` hook or a log reader branches on
 * `code`; configuration mistakes are `AuthConfigError`s thrown when the scheme is built.
 */
import { defineErrors } from '@bolt/core';

/**
 * The codes, `BOLT_ERR_AUTH_<NAME>`, with the status each answers. One `TOKEN_*` code per JWT
 * check, so a client (and a log reader) learns which check failed without seeing the token.
 */
export const AuthErrors = defineErrors('AUTH', {
  /** No credentials were sent (no bearer token, no API key). */
  CREDENTIALS_MISSING: 401,
  /** The token is not a compact JWS (three base64url parts, JSON header and claims). */
  TOKEN_MALFORMED: 401,
  /** The token's `alg` is `none` or not one the verifier allows. */
  TOKEN_ALGORITHM: 401,
  /** The signature does not verify with the verifier's key. */
  TOKEN_SIGNATURE: 401,
  /** A JWKS has no key for the token's `kid` (even after a refetch). */
  TOKEN_KEY_UNKNOWN: 401,
  /** `exp` is past (beyond the clock tolerance), or `iat` is older than `maxAgeSec`. */
  TOKEN_EXPIRED: 401,
  /** `nbf` is in the future (beyond the clock tolerance). */
  TOKEN_NOT_YET_VALID: 401,
  /** `iat` is in the future (beyond the clock tolerance). */
  TOKEN_ISSUED_IN_FUTURE: 401,
  /** `iss` is missing or not the verifier's issuer. */
  TOKEN_ISSUER: 401,
  /** `aud` is missing or names none of the verifier's audiences. */
  TOKEN_AUDIENCE: 401,
  /** A claim the verifier requires is missing (`exp` by default). */
  TOKEN_CLAIM_MISSING: 401,
  /** The claims do not match the verifier's claims schema. */
  TOKEN_CLAIMS_INVALID: 401,
  /** The API key is not one the scheme accepts. */
  API_KEY_INVALID: 401,
  /** The username or password is wrong (for apps' login routes). */
  LOGIN_FAILED: 401,
  /** There is an identity, but a guard refused it. */
  FORBIDDEN: 403,
  /** The JWKS could not be fetched (network, timeout, invalid document): the server's fault, not the client's. */
  JWKS_UNAVAILABLE: 503,
  /** A scheme was configured wrongly (thrown at start-up, never per request). */
  CONFIG_INVALID: 500,
});

export type AuthErrorName = keyof typeof AuthErrors;
export type AuthErrorCode = (typeof AuthErrors)[AuthErrorName]['code'];

/** A scheme's options are wrong; the message says which and what to write instead. */
export class AuthConfigError extends Error {
  override readonly name = 'AuthConfigError';
  readonly code = AuthErrors.CONFIG_INVALID.code;
}
