/**
 * Whether a connection ends after its response, read from the request's `Connection` header, and
 * who closes it: uWS 20.30 closes by itself only when that header's first value is 5 bytes long
 * (`close`, `Close`); Bolt closes for every other spelling of the `close` token
 * (`keep-alive, close`) and while the server drains.
 */

/** Keep the connection open. */
export const KEEP_ALIVE = 0;
/** Close after the response; uWS does not know, so Bolt must ask it (`end(body, true)`). */
export const BOLT_CLOSES = 1;
/** Close after the response; uWS flagged the request itself and closes once it is written. */
export const UWS_CLOSES = 2;

/** How the connection of one request ends. */
export type CloseAfter = typeof KEEP_ALIVE | typeof BOLT_CLOSES | typeof UWS_CLOSES;

const CLOSE_TOKEN = /(?:^|,)[ \t]*close[ \t]*(?:,|$)/i;

/**
 * Reads a `Connection` value (`''` or `undefined` when absent; repeated headers joined with `, `).
 *
 * @example
 * closeAfter('close');             // UWS_CLOSES
 * closeAfter('keep-alive, close'); // BOLT_CLOSES
 * closeAfter('keep-alive');        // KEEP_ALIVE
 */
export function closeAfter(connection: string | undefined): CloseAfter {
  if (connection === undefined || connection.length === 0) return KEEP_ALIVE;
  // uWS tests the length alone (HttpContext.h: `getHeader("connection").length() == 5`).
  if (connection.length === 5) return UWS_CLOSES;
  return CLOSE_TOKEN.test(connection) ? BOLT_CLOSES : KEEP_ALIVE;
}
