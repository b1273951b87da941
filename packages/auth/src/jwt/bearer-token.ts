/**
 * Reads the bearer token from an `Authorization` header (RFC 6750 §2.1). Another scheme (Basic)
 * counts as no bearer credentials, so the answer is the plain challenge without an error code.
 */

/** RFC 6750 b64token. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** `undefined`: no bearer credentials; `''`: `Bearer` with a malformed token; else the token. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const space = header.indexOf(' ');
  const scheme = space === -1 ? header : header.slice(0, space);
  if (scheme.toLowerCase() !== 'bearer') return undefined;
  const token = space === -1 ? '' : header.slice(space + 1).trim();
  return B64TOKEN.test(token) ? token : '';
}
