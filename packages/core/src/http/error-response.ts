/**
 * Error responses with Bolt's fixed public bodies: `{"detail": ...}`. Bodies for bare statuses are
 * built once and shared, since 404s and 405s are on the hot path of scanners and bad clients.
 */
import type { BoltResponse } from '../transport/contract.js';
import { statusText } from './status-text.js';

const JSON_TYPE = 'application/json';
const fixedBodies = new Map<number, string>();

/** `{"detail":"Not Found"}` for 404, and so on; the same string every time. */
export function fixedErrorBody(status: number): string {
  let body = fixedBodies.get(status);
  if (body === undefined) {
    body = JSON.stringify({ detail: statusText(status) });
    fixedBodies.set(status, body);
  }
  return body;
}

/** A response for `status` whose detail is the status's reason phrase. */
export function errorResponse(status: number, extraHeaders: readonly string[] = []): BoltResponse {
  return { status, headers: ['content-type', JSON_TYPE, ...extraHeaders], body: fixedErrorBody(status) };
}

/** A response for `status` with a specific `detail` (a message or a list of validation issues). */
export function detailResponse(
  status: number,
  detail: unknown,
  extraHeaders: readonly string[] = [],
): BoltResponse {
  if (detail === undefined) return errorResponse(status, extraHeaders);
  return { status, headers: ['content-type', JSON_TYPE, ...extraHeaders], body: JSON.stringify({ detail }) };
}
