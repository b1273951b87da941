/**
 * The last check before bytes reach uWS: `writeStatus`/`writeHeader`/`end` throw on anything but
 * text or bytes, and a throw inside a uWS callback ends the process. Core validates responses
 * already; this guard keeps a response it missed from ever reaching uWS, at the cost of a loop over
 * the header list.
 */
import type { Logger } from '@bolt/core';
import type { BoltResponse, CompiledApp } from '@bolt/core/transport';

// RFC 9110 section 5.1: a field name is a token.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// CR, LF and NUL would split the head (response splitting); uWS writes values as they are.
const UNSAFE_VALUE = /[\r\n\0]/;
/**
 * Names already checked. An app writes a small, fixed vocabulary of header names (a dozen with
 * CORS and security headers), so a set lookup replaces the regex on almost every name; the cap
 * keeps an app that invents names per request from growing it.
 */
const TOKEN_NAMES = new Set<string>();
const TOKEN_NAMES_CAP = 1024;

function isToken(name: string): boolean {
  if (TOKEN_NAMES.has(name)) return true;
  if (!TOKEN.test(name)) return false;
  if (TOKEN_NAMES.size < TOKEN_NAMES_CAP) TOKEN_NAMES.add(name);
  return true;
}

/**
 * `response` itself when uWS can write it; a copy with numeric header values as text; otherwise
 * Bolt's 500 (logged). Never throws.
 */
export function safeResponse(response: BoltResponse, app: CompiledApp, log: Logger): BoltResponse {
  if (typeof response !== 'object' || response === null) return refuse(app, log, 'is not an object');
  const status = response.status;
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    return refuse(app, log, `has status ${String(status)} (a final status is an integer from 200 to 599)`);
  }
  const body = response.body;
  if (
    body !== null &&
    typeof body !== 'string' &&
    !(body instanceof Uint8Array) &&
    typeof (body as Partial<AsyncIterable<unknown>>)?.[Symbol.asyncIterator] !== 'function'
  ) {
    return refuse(app, log, 'has a body that is neither text, bytes, null nor an async iterable');
  }
  const headers = response.headers;
  if (!Array.isArray(headers) || headers.length % 2 !== 0) {
    return refuse(app, log, 'has headers that are not a flat [name, value, ...] list');
  }
  let copy: string[] | undefined;
  for (let i = 0; i < headers.length; i += 2) {
    const name: unknown = headers[i];
    const value: unknown = headers[i + 1];
    if (typeof name !== 'string' || !isToken(name)) {
      return refuse(app, log, `has an invalid header name ${JSON.stringify(String(name))}`);
    }
    if (typeof value === 'string') {
      if (UNSAFE_VALUE.test(value)) return refuse(app, log, `has a CR, LF or NUL in header ${name}`);
      continue;
    }
    if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') {
      copy ??= headers.slice() as string[];
      copy[i + 1] = String(value);
      continue;
    }
    return refuse(app, log, `has a ${value === null ? 'null' : typeof value} value for header ${name}`);
  }
  return copy ? { status, headers: copy, body } : response;
}

function refuse(app: CompiledApp, log: Logger, why: string): BoltResponse {
  log.error({}, `bolt: a handler's response ${why}; sent 500 instead`);
  return app.errorResponse(500);
}
