/**
 * Known limits: behaviours an engine's HTTP parser forces on Bolt, which Bolt cannot see and so
 * cannot correct. A target declares each one it has, with the reason; the suite then asserts the
 * declared behaviour (so the limit stays pinned, and a parser upgrade that lifts it fails the case
 * until the declaration goes) and holds every other engine to the strict answer.
 */
import type { Test } from 'tap';
import type { RawResponse } from './raw-http.js';

/** Every limit an engine may declare, with the behaviour the suite then asserts instead. */
export const KNOWN_LIMITS = {
  'http10-unanswered': 'an HTTP/1.0 request is closed without an answer',
  'underscore-header-unanswered':
    'a head with `_` in a header name (a valid token) is closed without an answer',
  'many-headers-unanswered': 'a head with 60 headers is closed without an answer',
  'garbage-unanswered': 'an unparsable request line is closed without an answer',
  'missing-host-unanswered': 'an HTTP/1.1 request without Host is closed without an answer',
  'slow-head-unanswered': 'a head that does not arrive in time is closed without a 408',
  'close-pipelined-unanswered':
    'a `Connection: close` request with another request pipelined in the same read is closed without an answer to either (never two answers)',
  'duplicate-length-pipelined-unanswered':
    'a head with two different Content-Length values whose body holds a complete request is closed without an answer (never a desync)',
  'chunk-size-leniency':
    'a chunk size with leading whitespace or a trailing NUL is read as the last chunk, so the bytes after it are answered as the next request',
  'ws-invalid-utf8-dropped':
    'invalid UTF-8 in a text message drops the connection without a close frame (the client sees 1006) instead of closing with 1007',
} as const;

/** The name of a known limit. */
export type KnownLimit = keyof typeof KNOWN_LIMITS;

/** What a target declares: each limit it has, with the reason (the parser, its version, the cause). */
export type KnownLimits = Readonly<Partial<Record<KnownLimit, string>>>;

/** What an exchange gave back, as `exchange()` returns it. */
export interface Outcome {
  responses: RawResponse[];
  closed: boolean;
}

/**
 * Checks `outcome` against the strict answer, or, when `limits` declares `limit`, against the
 * declared behaviour: closed, and nothing answered.
 */
export function strictUnlessDeclared(
  t: Test,
  limits: KnownLimits,
  limit: KnownLimit,
  outcome: Outcome,
  strict: () => void,
): void {
  const reason = limits[limit];
  if (reason === undefined) {
    strict();
    return;
  }
  t.equal(outcome.responses.length, 0, `known limit ${limit} (${reason}): ${KNOWN_LIMITS[limit]}`);
  t.ok(outcome.closed, `known limit ${limit}: the connection is closed, not held open`);
}
