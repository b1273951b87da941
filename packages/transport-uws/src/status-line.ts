/**
 * `200 OK`-style status lines, built once per status code instead of per response.
 */
import { STATUS_CODES } from 'node:http';

const lines: string[] = [];

/** The text uWS's `writeStatus` takes for `status`. */
export function statusLine(status: number): string {
  return (lines[status] ??= `${status} ${STATUS_CODES[status] ?? 'Unknown'}`);
}
