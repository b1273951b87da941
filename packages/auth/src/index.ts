/**
 * @bolt/auth: JWT bearer and API-key authentication, guards, a typed current user, and password
 * hashing for Bolt.
 *
 * @example
 * import { jwtAuth, hasRole } from '@bolt/auth';
 * const auth = jwtAuth({ key: { secret }, issuer: 'me', claims: t.Object({ sub: t.String(), roles: t.Array(t.String()) }) });
 * api.get('/me', { deps: { user: auth.user } }, ({ deps }) => deps.user.sub);
 * api.get('/admin', { deps: { user: auth.require(hasRole('admin')) } }, () => 'ok');
 */
export {
  apiKey,
  type LookupApiKeyOptions,
  type StaticApiKeyOptions,
  type StaticKeyIdentity,
} from './api-key/api-key.js';
export { bearerChallenge } from './challenge.js';
export { AuthConfigError, type AuthErrorCode, type AuthErrorName, AuthErrors } from './errors.js';
export {
  allOf,
  anyOf,
  authenticated,
  type Guard,
  guard,
  hasClaim,
  hasPermission,
  hasRole,
} from './guards/guard.js';
export { JWT_ALGORITHMS, type JwtAlgorithm } from './jwt/algorithms.js';
export { bearerToken } from './jwt/bearer-token.js';
export { type JwtAuth, type JwtAuthOptions, jwtAuth } from './jwt/jwt-auth.js';
export { type JwtSigner, type JwtSignerOptions, jwtSigner } from './jwt/jwt-signer.js';
export {
  type ClaimsOf,
  JwksUnavailableError,
  type JwtVerifier,
  type JwtVerifierOptions,
  jwtVerifier,
  type NativeJwtChecks,
  type TokenRefusal,
  type VerifyResult,
} from './jwt/jwt-verifier.js';
export type { JwtKeyOptions, NativeJwtKey } from './jwt/key-source.js';
export { type JwtNativeConfig, type NativeAnswer, tokenAnswer } from './jwt/native-form.js';
export { TOKEN_CHECKS, type TokenCheckName } from './jwt/token-checks.js';
export {
  type DescribesSecurity,
  type RouteSecurity,
  type SchemeDescriptor,
  type SecuritySchemeObject,
  securityOf,
} from './openapi.js';
export { DEFAULT_SCRYPT, hashPassword, type ScryptParams, verifyPassword } from './passwords/scrypt.js';
export type { AuthScheme, SecuredDependency, SecuredHook } from './scheme.js';
