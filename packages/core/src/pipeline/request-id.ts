/**
 * The request id: the client's `x-request-id` when it is sane (a proxy or caller correlating logs),
 * generated otherwise. Generated ids are a per-process random prefix plus a counter: unique across
 * processes, and far cheaper than a UUID per request.
 */
import { randomBytes } from 'node:crypto';

// Printable, no spaces or separators that would break a log line or a header; at most 128 chars.
const SANE = /^[A-Za-z0-9._:@/+=-]{1,128}$/;
const prefix = randomBytes(6).toString('base64url');
let counter = 0;

/** The id for a request whose incoming header is `incoming`. */
export function requestIdFrom(incoming: string | undefined): string {
  if (incoming !== undefined && SANE.test(incoming)) return incoming;
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `${prefix}-${counter.toString(36)}`;
}
