/**
 * User-supplied response headers checked once, in core, so that no engine ever receives a value it
 * cannot write: numbers are stringified, arrays become repeated header lines (`set-cookie`), and
 * anything else (objects, CR/LF that would split the response, invalid names) is refused with an
 * error that the route turns into a logged 500.
 */
import { HttpErrorCode } from '../errors.js';

/** A header value a handler may give: a string, a number, or several values (one line each). */
export type HeaderValue = string | number | readonly (string | number)[];

/** Headers a handler may give, by name. */
export type HeadersInit = Readonly<Record<string, HeaderValue | undefined>>;

// RFC 9110 token characters for names; values may not carry CR, LF or NUL (response splitting).
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const UNSAFE_VALUE = /[\r\n\0]/;

/** A response a handler built that no engine may send (bad header, bad status). Answered as a logged 500. */
export class InvalidResponseError extends Error {
  override readonly name = 'InvalidResponseError';
  readonly code = HttpErrorCode.RESPONSE_INVALID.code;
}

function checkedValue(name: string, value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') {
    throw new InvalidResponseError(
      `Response header "${name}" has a ${value === null ? 'null' : typeof value} value; give a string, a number or an array of them.`,
    );
  }
  if (UNSAFE_VALUE.test(value)) {
    throw new InvalidResponseError(`Response header "${name}" contains CR, LF or NUL; remove them.`);
  }
  return value;
}

/**
 * Appends `headers` to the flat list `into` (`[name, value, ...]`, lower-case names). A single value
 * replaces a default of the same name already in `into`; an array adds one line per value.
 */
export function appendHeaders(headers: HeadersInit | undefined, into: string[]): string[] {
  if (!headers) return into;
  for (const key in headers) {
    const value = headers[key];
    if (value === undefined) continue;
    if (!TOKEN.test(key))
      throw new InvalidResponseError(`Response header name "${key}" is not a valid token.`);
    const name = key.toLowerCase();
    if (Array.isArray(value)) {
      for (const one of value) into.push(name, checkedValue(name, one));
      continue;
    }
    const text = checkedValue(name, value);
    const existing = into.indexOf(name);
    if (existing !== -1 && existing % 2 === 0) into[existing + 1] = text;
    else into.push(name, text);
  }
  return into;
}

/** True for a final HTTP status (an integer from 200 to 599) that every engine can send. */
export function isFinalStatus(status: unknown): status is number {
  return typeof status === 'number' && Number.isInteger(status) && status >= 200 && status <= 599;
}

/** Throws unless `status` is a final HTTP status (200-599) an engine can send. */
export function checkStatus(status: unknown): number {
  if (isFinalStatus(status)) return status;
  throw new InvalidResponseError(
    `Response status ${String(status)} is not a final HTTP status; use an integer from 200 to 599.`,
  );
}

/** 204, 304 (and HEAD) answers carry neither a body nor a length (RFC 9110 sections 6.4.1, 15.3.5). */
export function forbidsBody(status: number): boolean {
  return status === 204 || status === 304;
}
