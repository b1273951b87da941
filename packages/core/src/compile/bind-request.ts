/**
 * Binding compiled per route: raw params, query, headers, cookies and body become the handler's
 * typed context, or the 400/415/422 response that explains why they cannot. A 422 lists every
 * failing input together (path, query, headers, cookies, body), not only the first.
 */
import { compileInputDecoder, type InputDecoder, type ValidationIssue } from '@bolt/schema';
import type { ErrorAnswers } from '../http/error-format.js';
import type { Logger } from '../log/logger.js';
import type { BoltResponse, RawRequest } from '../transport/contract.js';
import { type BodyResult, type BodySetup, compileBodyBinder } from './bind-body.js';
import { parseCookieHeader, parseQuery, RequestContext } from './request-context.js';
import type { RouteOptionsLike } from './route-options-like.js';

/**
 * Builds the context for one request, or the response refusing it; a promise of either while a
 * streamed (multipart) body is being parsed.
 */
export type RequestBinder = (
  raw: RawRequest,
  params: readonly string[],
) => RequestContext | BoltResponse | Promise<RequestContext | BoltResponse>;

const EMPTY: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/** Compiles the binder for a route. `where` (e.g. `GET /items/{id}`) names the route in startup errors. */
export function compileBinder(
  paramNames: readonly string[],
  options: RouteOptionsLike,
  where: string,
  answers: ErrorAnswers,
  logger: Logger,
  bodySetup?: BodySetup,
): RequestBinder {
  const decodeParams: InputDecoder | undefined =
    options.params && compileInputDecoder(options.params, 'path', where);
  const decodeQuery = options.query && compileInputDecoder(options.query, 'query', where);
  const decodeHeaders = options.headers && compileInputDecoder(options.headers, 'header', where);
  const decodeCookies = options.cookies && compileInputDecoder(options.cookies, 'cookie', where);
  const bindBody = options.body && compileBodyBinder(options.body, answers, bodySetup);
  const paramCount = paramNames.length;
  const malformedPath = () =>
    answers.detail(400, 'Malformed path: a percent-encoded sequence is not valid UTF-8');

  // Takes every value as an argument, so a request bound synchronously allocates no closure.
  const finish = (
    result: BodyResult | undefined,
    issues: ValidationIssue[] | undefined,
    raw: RawRequest,
    params: Record<string, unknown>,
    query: Record<string, unknown> | undefined,
    headers: Record<string, unknown> | undefined,
    cookies: Record<string, unknown> | undefined,
  ): RequestContext | BoltResponse => {
    let body: unknown;
    if (result) {
      if (result.ok) body = result.value;
      else if (result.response) return result.response;
      else issues = issues ? issues.concat(result.issues) : result.issues;
    }
    if (issues) return answers.validation(issues);
    return new RequestContext(raw, logger, params, query, headers, cookies, body);
  };

  return (raw, rawParams) => {
    // Issues from every location are gathered, so one 422 tells the client everything to fix.
    let issues: ValidationIssue[] | undefined;
    let params = EMPTY;
    if (paramCount > 0) {
      const strings: Record<string, string> = {};
      for (let i = 0; i < paramCount; i++) {
        const value = rawParams[i] ?? '';
        try {
          strings[paramNames[i] as string] = value.includes('%') ? decodeURIComponent(value) : value;
        } catch {
          return malformedPath();
        }
      }
      if (decodeParams) {
        const result = decodeParams(strings);
        if (result.ok) params = result.value;
        else issues = result.issues;
      } else params = strings;
    }

    let query: Record<string, unknown> | undefined;
    if (decodeQuery) {
      const result = decodeQuery(parseQuery(raw.query));
      if (result.ok) query = result.value;
      else issues = issues ? issues.concat(result.issues) : result.issues;
    }
    let headers: Record<string, unknown> | undefined;
    if (decodeHeaders) {
      const result = decodeHeaders(raw.headers);
      if (result.ok) headers = result.value;
      else issues = issues ? issues.concat(result.issues) : result.issues;
    }
    let cookies: Record<string, unknown> | undefined;
    if (decodeCookies) {
      const result = decodeCookies(parseCookieHeader(raw.headers.cookie));
      if (result.ok) cookies = result.value;
      else issues = issues ? issues.concat(result.issues) : result.issues;
    }
    const result = bindBody?.(raw);
    if (result instanceof Promise) {
      return result.then((r) => finish(r, issues, raw, params, query, headers, cookies));
    }
    return finish(result, issues, raw, params, query, headers, cookies);
  };
}
