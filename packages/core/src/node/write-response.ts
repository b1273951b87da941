/**
 * A BoltResponse written to a node:http response: one `writeHead`, one `end` for bytes and text,
 * and chunk-by-chunk with `drain` back-pressure for streamed bodies (stopped if the client leaves).
 */
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { BoltResponse } from '../transport/contract.js';

function bodyLength(body: string | Uint8Array): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
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

/** Writes `response`; `extraHeaders` (e.g. `connection: close`) are appended. */
export function writeResponse(
  res: ServerResponse,
  response: BoltResponse,
  extraHeaders?: string[],
): void | Promise<void> {
  // node:http only reads the flat header list; the cast drops `readonly` for its signature.
  const headers = (extraHeaders ? [...response.headers, ...extraHeaders] : response.headers) as string[];
  const body = response.body;
  if (body === null) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  if (typeof body === 'string' || body instanceof Uint8Array) {
    res.writeHead(response.status, [...headers, 'content-length', String(bodyLength(body))]);
    res.end(body);
    return;
  }
  res.writeHead(response.status, headers);
  return writeStream(res, body).catch(() => {
    // The stream's producer failed midway: the status is gone; cutting the connection tells the client.
    res.destroy();
  });
}
