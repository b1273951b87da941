/**
 * A BoltResponse written to a node:http response: one `writeHead`, one `end` for bytes and text,
 * and chunk-by-chunk with `drain` back-pressure for streamed bodies (stopped if the client leaves).
 * A response node:http would refuse (a status outside 200-599, a header value with a control
 * character) becomes a logged 500: nothing a handler returns may throw out of the writer.
 */
import { once } from 'node:events';
import { type ServerResponse, STATUS_CODES } from 'node:http';
import { errorResponse } from '../http/error-response.js';
import type { Logger } from '../log/logger.js';
import type { BoltResponse } from '../transport/contract.js';

function bodyLength(body: string | Uint8Array): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
}

/** 204 and 304 answers carry neither a body nor a length (RFC 9110 sections 8.6, 15.3.5, 15.4.5). */
function withoutBody(status: number): boolean {
  return status === 204 || status === 304;
}

/** A final status a server may send: three digits, 1xx excluded (those are interim answers). */
function validStatus(status: number): boolean {
  return Number.isInteger(status) && status >= 200 && status <= 599;
}

function hasHeader(headers: readonly string[], name: string): boolean {
  for (let i = 0; i < headers.length; i += 2) if (headers[i] === name) return true;
  return false;
}

async function writeStream(res: ServerResponse, body: AsyncIterable<Uint8Array | string>): Promise<void> {
  const iterator = body[Symbol.asyncIterator]();
  try {
    while (!res.destroyed) {
      const next = await iterator.next();
      if (next.done) break;
      if (!res.write(next.value) && !res.destroyed) {
        await Promise.race([once(res, 'drain'), once(res, 'close')]);
      }
    }
  } finally {
    if (res.destroyed) await iterator.return?.();
    else res.end();
  }
}

/** The head node:http writes: the response's headers, `extra`, and the length where it is known. */
function headFor(response: BoltResponse, extra: readonly string[] | undefined): string[] {
  // node:http only reads the flat header list, one line per pair (two set-cookie pairs: two lines).
  // concat/slice rather than spreads: this runs per answer, and a spread copies element by element.
  const headers = (extra ? response.headers.concat(extra) : response.headers.slice()) as string[];
  const body = response.body;
  if (withoutBody(response.status)) return stripFraming(headers);
  if (typeof body === 'string' || body instanceof Uint8Array)
    headers.push('content-length', String(bodyLength(body)));
  // An empty answer (a redirect) says so, instead of node's chunked framing with no chunk.
  else if (body === null && !hasHeader(headers, 'content-length')) headers.push('content-length', '0');
  return headers;
}

function stripFraming(headers: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i] as string;
    if (name === 'content-length' || name === 'transfer-encoding') continue;
    out.push(name, headers[i + 1] as string);
  }
  return out;
}

/** Writes `response`; `extraHeaders` (e.g. `connection: close`) are appended. Never throws. */
export function writeResponse(
  res: ServerResponse,
  response: BoltResponse,
  extraHeaders: readonly string[] | undefined,
  log: Logger,
): void | Promise<void> {
  if (!validStatus(response.status)) {
    log.error(
      { status: response.status },
      'bolt: a handler answered with an invalid status (a final status is an integer from 200 to 599); sent 500',
    );
    return writeResponse(res, errorResponse(500), extraHeaders, log);
  }
  try {
    res.writeHead(response.status, headFor(response, extraHeaders));
  } catch (error) {
    // node:http refused a header name or value (ERR_INVALID_CHAR, ERR_HTTP_INVALID_HEADER_VALUE):
    // nothing was sent yet, so Bolt's own 500 (whose head is always valid) goes out instead.
    log.error({ err: error, status: response.status }, 'bolt: node:http refused the response head; sent 500');
    const fallback = errorResponse(500);
    // The refused writeHead already set the reason phrase of the first status: name 500's here.
    res.writeHead(500, STATUS_CODES[500], headFor(fallback, extraHeaders));
    res.end(fallback.body);
    return;
  }
  const body = response.body;
  if (body === null || typeof body === 'string' || body instanceof Uint8Array) {
    if (body === null || withoutBody(response.status)) res.end();
    else res.end(body);
    return;
  }
  if (withoutBody(response.status)) {
    res.end();
    // The stream is never read: let its producer release what it holds (a file, a cursor).
    void Promise.resolve(body[Symbol.asyncIterator]().return?.()).catch(() => undefined);
    return;
  }
  return writeStream(res, body).catch(() => {
    // The stream's producer failed midway: the status is gone; cutting the connection tells the client.
    res.destroy();
  });
}
