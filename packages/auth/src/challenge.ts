/**
 * The 401 answers every scheme gives: RFC 6750's `www-authenticate` challenge for bearer tokens
 * (no error code when no token was sent, `error="invalid_token"` with a description when one was
 * refused), and a challenge naming where the key goes for API keys. Bodies name the failed check,
 * never the credential.
 */
import { HTTPError } from '@bolt/core';
import { type AuthErrorName, AuthErrors } from './errors.js';

/** Quotes a challenge parameter (RFC 9110 quoted-string; our values never hold `"` or `\`). */
const quoted = (value: string) => `"${value.replace(/["\\]/g, '')}"`;

/** `Bearer realm="api"` or `Bearer realm="api", error="invalid_token", error_description="..."`. */
export function bearerChallenge(realm: string | undefined, error?: { description: string }): string {
  const params: string[] = [];
  if (realm !== undefined) params.push(`realm=${quoted(realm)}`);
  if (error) params.push('error="invalid_token"', `error_description=${quoted(error.description)}`);
  return params.length ? `Bearer ${params.join(', ')}` : 'Bearer';
}

/** A 401 with `www-authenticate: challenge`, `{"detail": detail}` and the error's code. */
export function unauthorized(name: AuthErrorName, detail: string, challenge: string): HTTPError {
  return new HTTPError(401, detail, { 'www-authenticate': challenge }, AuthErrors[name].code);
}

/** A 403: an identity was established, a guard refused it. */
export function forbidden(detail: string): HTTPError {
  return new HTTPError(403, detail, {}, AuthErrors.FORBIDDEN.code);
}
