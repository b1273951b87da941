/**
 * A JWT verifier on jose: the key and algorithms pinned once, then per token the signature,
 * `exp`/`nbf`/`iat` (with a clock tolerance), `iss`, `aud`, required claims, and the claims
 * against a TypeBox schema, which also types them. Refusals are data naming the failed check.
 */
import { compileValidator, type Static, type TObject } from '@bolt/schema';
import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { JwtAlgorithm } from './algorithms.js';
import { type JwtKeyOptions, type NativeJwtKey, resolveKey } from './key-source.js';
import { claimDetail } from './native-form.js';
import { TOKEN_CHECKS, type TokenCheckName } from './token-checks.js';

/** Options of {@link jwtVerifier}. */
export interface JwtVerifierOptions<S extends TObject | undefined = undefined> {
  /** The key: `{ secret }`, `{ publicKey }` (PEM) or `{ jwksUrl }`. */
  key: JwtKeyOptions;
  /**
   * The only algorithms accepted; a token naming another (or `none`) is refused. Default: HS256
   * for a secret, the key's own algorithm for a PEM; required for a JWKS.
   */
  algorithms?: readonly JwtAlgorithm[];
  /** Accepted `iss` value(s); when set, a token without `iss` is refused. Default: not checked. */
  issuer?: string | readonly string[];
  /** Accepted `aud` value(s); when set, a token without a matching `aud` is refused. Default: not checked. */
  audience?: string | readonly string[];
  /** Seconds of clock skew allowed on `exp`, `nbf` and `iat`. Default 0. */
  clockToleranceSec?: number;
  /** Refuse tokens whose `iat` is older than this many seconds (`iat` becomes required). Default: no limit. */
  maxAgeSec?: number;
  /** Claims every token must carry. Default `["exp"]`: a token that never expires is refused. */
  requiredClaims?: readonly string[];
  /** A TypeBox schema the claims must match; it types the verified claims. Default: any JSON object. */
  claims?: S;
  /**
   * Remember up to this many verified tokens (least recently used dropped first), so a client that
   * sends the same token again skips the signature check; `exp`, `nbf` and the maximum age are
   * checked again on every use. A cached token stays valid after its key is rotated out, until it
   * expires. Default 0 (off).
   */
  cacheSize?: number;
}

/** The verified claims' type: the schema's, or jose's JWTPayload without one. */
export type ClaimsOf<S> = S extends TObject ? Static<S> : JWTPayload;

/** A refused token: which check failed and the public detail (never the token). */
export interface TokenRefusal {
  readonly ok: false;
  readonly check: TokenCheckName;
  readonly detail: string;
}
export type VerifyResult<C> = { readonly ok: true; readonly claims: C } | TokenRefusal;

/** The verifier's checks as data, for an engine that verifies tokens itself (the native form). */
export interface NativeJwtChecks {
  readonly key: NativeJwtKey;
  readonly algorithms: readonly JwtAlgorithm[];
  readonly issuer: readonly string[] | undefined;
  readonly audience: readonly string[] | undefined;
  readonly leewaySec: number;
  readonly maxAgeSec: number | undefined;
  readonly requiredClaims: readonly string[];
}

export interface JwtVerifier<C> {
  /** Verifies a compact JWS. Resolves with the claims or a refusal; rejects only when a JWKS cannot be fetched. */
  verify(token: string): Promise<VerifyResult<C>>;
  /** The claims schema alone, for claims an engine already verified (the native form `jwt`). */
  checkClaims(claims: JWTPayload): VerifyResult<C>;
  readonly algorithms: readonly JwtAlgorithm[];
  readonly native: NativeJwtChecks;
}

/** A JWKS could not be fetched or read: the server cannot verify tokens right now. */
export class JwksUnavailableError extends Error {
  override readonly name = 'JwksUnavailableError';
}

const refuse = (check: TokenCheckName, detail: string = TOKEN_CHECKS[check].detail): TokenRefusal => ({
  ok: false,
  check,
  detail,
});

const CLAIM_CHECKS: Partial<Record<string, TokenCheckName>> = {
  nbf: 'nbf',
  iss: 'iss',
  aud: 'aud',
  iat: 'iat',
};

/** Maps a jose error to the check it stands for; undefined for errors that are not the token's fault. */
function refusalOf(error: unknown): TokenRefusal | undefined {
  if (error instanceof errors.JWTExpired) return refuse(error.claim === 'iat' ? 'maxAge' : 'exp');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing' && error.claim !== 'iss' && error.claim !== 'aud') {
      return refuse('claim', claimDetail(error.claim));
    }
    return refuse(CLAIM_CHECKS[error.claim] ?? 'malformed');
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
    return refuse('algorithm');
  if (error instanceof errors.JWSSignatureVerificationFailed) return refuse('signature');
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys)
    return refuse('key');
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return refuse('malformed');
  return undefined;
}

/** Verified tokens by their full text (signature included, so only the exact token hits), LRU. */
class VerifiedTokens<C> {
  readonly #max: number;
  readonly #entries = new Map<string, C>();
  constructor(max: number) {
    this.#max = max;
  }
  get(token: string): C | undefined {
    const claims = this.#entries.get(token);
    if (claims !== undefined) {
      this.#entries.delete(token);
      this.#entries.set(token, claims);
    }
    return claims;
  }
  set(token: string, claims: C): void {
    this.#entries.set(token, claims);
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value as string);
  }
}

const asList = (v: string | readonly string[] | undefined) =>
  v === undefined ? undefined : Object.freeze(typeof v === 'string' ? [v] : [...v]);

/**
 * Builds a verifier. Key and option mistakes throw `AuthConfigError` here, not per request.
 *
 * @example
 * const verifier = jwtVerifier({
 *   key: { secret: process.env.JWT_SECRET! },
 *   issuer: 'bolt-example',
 *   claims: t.Object({ sub: t.String(), roles: t.Array(t.String()) }),
 * });
 * const result = await verifier.verify(token); // { ok: true, claims: { sub, roles, ... } } or { ok: false, check: 'exp', ... }
 */
export function jwtVerifier<const S extends TObject | undefined = undefined>(
  options: JwtVerifierOptions<S>,
): JwtVerifier<ClaimsOf<S>> {
  const resolved = resolveKey(options.key, options.algorithms);
  const leewaySec = options.clockToleranceSec ?? 0;
  const issuer = asList(options.issuer);
  const audience = asList(options.audience);
  // A maximum age is measured from `iat`, so it makes `iat` required (as jose does).
  const required = new Set(options.requiredClaims ?? ['exp']);
  if (options.maxAgeSec !== undefined) required.add('iat');
  const requiredClaims = Object.freeze([...required]);
  const validator = options.claims ? compileValidator(options.claims) : undefined;
  const joseOptions = {
    algorithms: [...resolved.algorithms],
    issuer: issuer && [...issuer],
    audience: audience && [...audience],
    clockTolerance: leewaySec,
    maxTokenAge: options.maxAgeSec,
    requiredClaims: [...requiredClaims],
  };
  const key = resolved.key;

  const cache = options.cacheSize ? new VerifiedTokens<ClaimsOf<S>>(options.cacheSize) : undefined;
  const maxAge = options.maxAgeSec;
  const stillValid = (claims: JWTPayload, now: number) =>
    !(typeof claims.exp === 'number' && claims.exp <= now - leewaySec) &&
    !(typeof claims.nbf === 'number' && claims.nbf > now + leewaySec) &&
    !(maxAge !== undefined && typeof claims.iat === 'number' && now - claims.iat - leewaySec > maxAge);

  const verify = async (token: string): Promise<VerifyResult<ClaimsOf<S>>> => {
    if (cache) {
      const hit = cache.get(token);
      // A remembered token whose time checks now fail takes the full path, which names the check.
      if (hit !== undefined && stillValid(hit as JWTPayload, Date.now() / 1000))
        return { ok: true, claims: hit };
    }
    const result = await verifyFully(token);
    if (cache && result.ok) cache.set(token, result.claims);
    return result;
  };

  const verifyFully = async (token: string): Promise<VerifyResult<ClaimsOf<S>>> => {
    let payload: JWTPayload;
    try {
      // jose's overloads split a key from a key-set function; both are handled the same here.
      ({ payload } = await jwtVerify(token, key as JWTVerifyGetKey, joseOptions));
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) return refusal;
      if (resolved.remote) {
        throw new JwksUnavailableError('The JSON Web Key Set could not be fetched or read.', {
          cause: error,
        });
      }
      return refuse('malformed');
    }
    // jose checks `iat` only with maxTokenAge; a token issued in the future is refused regardless.
    if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + leewaySec) return refuse('iat');
    return checkClaims(payload);
  };

  const checkClaims = (payload: JWTPayload): VerifyResult<ClaimsOf<S>> => {
    if (validator && !validator.check(payload)) {
      const issue = validator.issues('body', payload)[0];
      const where = issue ? ` (${issue.loc.slice(1).join('.') || 'claims'}: ${issue.msg})` : '';
      return refuse('claims', `${TOKEN_CHECKS.claims.detail}${where}`);
    }
    return { ok: true, claims: payload as ClaimsOf<S> };
  };

  return Object.freeze({
    verify,
    checkClaims,
    algorithms: resolved.algorithms,
    native: Object.freeze({
      key: resolved.native,
      algorithms: resolved.algorithms,
      issuer,
      audience,
      leewaySec,
      maxAgeSec: options.maxAgeSec,
      requiredClaims,
    }),
  });
}
