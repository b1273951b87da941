/**
 * securityHeaders: helmet's defaults on every answer, error answers included (an `onSend` hook on
 * the API it is used on). HSTS only when the client reached us over TLS (as `trustProxy` reports),
 * and the content security policy only on HTML, where it means something.
 */
import type { BoltPlugin } from '@bolt/core';
import { check } from '../errors.js';
import { headerOf } from '../shared/headers.js';
import { clientProtocol } from '../trust-proxy/client-info.js';

/** Options of {@link securityHeaders}; `false` leaves a header out. */
export interface SecurityHeadersOptions {
  /**
   * The `content-security-policy` of HTML answers (a docs page, static HTML). Default helmet's:
   * `default-src 'self'; base-uri 'self'; font-src 'self' https: data:; form-action 'self'; frame-ancestors 'self'; img-src 'self' data:; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self' https: 'unsafe-inline'; upgrade-insecure-requests`.
   */
  contentSecurityPolicy?: string | false;
  /** `x-frame-options`. Default `SAMEORIGIN`. */
  frameOptions?: 'DENY' | 'SAMEORIGIN' | false;
  /** `referrer-policy`. Default `no-referrer`. */
  referrerPolicy?: string | false;
  /** `strict-transport-security` on answers to HTTPS clients. Default `max-age=31536000; includeSubDomains`. */
  hsts?: string | false;
  /** `cross-origin-opener-policy`. Default `same-origin`. */
  crossOriginOpenerPolicy?: string | false;
  /** `cross-origin-resource-policy`. Default `same-origin`. */
  crossOriginResourcePolicy?: string | false;
}

export const DEFAULT_CSP =
  "default-src 'self'; base-uri 'self'; font-src 'self' https: data:; form-action 'self'; frame-ancestors 'self'; " +
  "img-src 'self' data:; object-src 'none'; script-src 'self'; script-src-attr 'none'; " +
  "style-src 'self' https: 'unsafe-inline'; upgrade-insecure-requests";

/** The security headers as data: what the plugin adds, for an engine that adds them itself. */
export interface SecurityHeadersConfig {
  /** Added to every answer, `[name, value, ...]`, unless the answer already has that header. */
  readonly always: readonly string[];
  /** Added to `text/html` answers. */
  readonly html: readonly string[];
  /** Added when the client used HTTPS. */
  readonly https: readonly string[];
}

/** The header lists for `options`, decided once. */
export function securityHeadersConfig(options: SecurityHeadersOptions = {}): SecurityHeadersConfig {
  const pick = (value: string | false | undefined, fallback: string) =>
    value === false ? undefined : (value ?? fallback);
  const always: string[] = [];
  const add = (list: string[], name: string, value: string | undefined) => {
    if (value === undefined) return;
    check(!/[\r\n]/.test(value), 'securityHeaders', name, 'a header value without CR or LF');
    list.push(name, value);
  };
  add(always, 'cross-origin-opener-policy', pick(options.crossOriginOpenerPolicy, 'same-origin'));
  add(always, 'cross-origin-resource-policy', pick(options.crossOriginResourcePolicy, 'same-origin'));
  add(always, 'origin-agent-cluster', '?1');
  add(always, 'referrer-policy', pick(options.referrerPolicy, 'no-referrer'));
  add(always, 'x-content-type-options', 'nosniff');
  add(always, 'x-dns-prefetch-control', 'off');
  add(always, 'x-download-options', 'noopen');
  add(always, 'x-frame-options', pick(options.frameOptions, 'SAMEORIGIN'));
  add(always, 'x-permitted-cross-domain-policies', 'none');
  add(always, 'x-xss-protection', '0');
  const html: string[] = [];
  add(html, 'content-security-policy', pick(options.contentSecurityPolicy, DEFAULT_CSP));
  const https: string[] = [];
  add(https, 'strict-transport-security', pick(options.hsts, 'max-age=31536000; includeSubDomains'));
  return Object.freeze({
    always: Object.freeze(always),
    html: Object.freeze(html),
    https: Object.freeze(https),
  });
}

/** `from`'s pairs whose names `existing` lacks (all of `from`, without copying, in the usual case). */
function missing(
  from: readonly string[],
  names: ReadonlySet<string>,
  existing: readonly string[],
): readonly string[] {
  let clash = false;
  for (let i = 0; i < existing.length; i += 2) {
    if (names.has(existing[i] as string)) {
      clash = true;
      break;
    }
  }
  if (!clash) return from;
  const out: string[] = [];
  for (let i = 0; i < from.length; i += 2) {
    const name = from[i] as string;
    if (headerOf(existing, name) === undefined) out.push(name, from[i + 1] as string);
  }
  return out;
}

const namesOf = (list: readonly string[]) => new Set(list.filter((_, i) => i % 2 === 0));

/**
 * helmet's default headers on every answer of the API it is used on; a route that sets one of
 * them itself keeps its own value.
 *
 * @example
 * const api = new BoltAPI({ plugins: [securityHeaders({ frameOptions: 'DENY' })] });
 * // GET / -> x-content-type-options: nosniff, x-frame-options: DENY, referrer-policy: no-referrer, ...
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): BoltPlugin {
  const config = securityHeadersConfig(options);
  return {
    name: 'security-headers',
    native: { kind: 'security-headers', config: config as unknown as Record<string, unknown> },
    register(api) {
      // Plain copies for the hook: concat of a frozen array takes V8's slow path (3x here).
      const always = [...config.always];
      const html = [...config.html];
      const https = [...config.https];
      const alwaysNames = namesOf(config.always);
      const htmlNames = namesOf(config.html);
      const httpsNames = namesOf(config.https);
      api.addHook('onSend', (request, response) => {
        const existing = response.headers;
        let headers = existing.concat(missing(always, alwaysNames, existing));
        if (html.length > 0 && headerOf(existing, 'content-type')?.startsWith('text/html')) {
          headers = headers.concat(missing(html, htmlNames, existing));
        }
        if (https.length > 0 && clientProtocol(request) === 'https') {
          headers = headers.concat(missing(https, httpsNames, existing));
        }
        return { status: response.status, headers, body: response.body, finished: response.finished };
      });
    },
  };
}
