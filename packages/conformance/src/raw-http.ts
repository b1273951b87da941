/**
 * A tiny HTTP/1.1 client over a raw socket, for what fetch cannot express: pipelining, partial
 * bodies, aborts mid-request and mid-response, oversized heads.
 */
import { connect, type Socket } from 'node:net';

/** One parsed response. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Parses as many complete responses as `data` holds; returns them and the bytes consumed. */
export function parseResponses(data: Buffer, headOnly = false): { responses: RawResponse[]; used: number } {
  const responses: RawResponse[] = [];
  let offset = 0;
  for (;;) {
    const headEnd = data.indexOf('\r\n\r\n', offset);
    if (headEnd === -1) break;
    const lines = data.subarray(offset, headEnd).toString('latin1').split('\r\n');
    const status = Number(lines[0]?.split(' ')[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    let cursor = headEnd + 4;
    let body: Buffer;
    if (headOnly || status === 204 || status === 304) {
      body = Buffer.alloc(0);
    } else if (headers['transfer-encoding']?.includes('chunked')) {
      const parts: Buffer[] = [];
      let complete = false;
      for (;;) {
        const lineEnd = data.indexOf('\r\n', cursor);
        if (lineEnd === -1) break;
        const size = Number.parseInt(data.subarray(cursor, lineEnd).toString('latin1'), 16);
        if (data.length < lineEnd + 2 + size + 2) break;
        parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
        cursor = lineEnd + 2 + size + 2;
        if (size === 0) {
          complete = true;
          break;
        }
      }
      if (!complete) break;
      body = Buffer.concat(parts);
    } else {
      const length = Number(headers['content-length'] ?? 0);
      if (data.length < cursor + length) break;
      body = data.subarray(cursor, cursor + length);
      cursor += length;
    }
    responses.push({ status, headers, body });
    offset = cursor;
  }
  return { responses, used: offset };
}

/** Opens a socket to `host:port`. */
export function openSocket(port: number, host = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host, () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Writes `payload` and resolves with the first `count` responses (or what arrived before the
 * server closed the connection or `timeoutMs` passed). An array is written piece by piece, `gapMs`
 * apart, so that the server reads it in separate TCP reads.
 */
export async function exchange(
  port: number,
  payload: string | Buffer | readonly (string | Buffer)[],
  count = 1,
  { host = '127.0.0.1', timeoutMs = 5000, headOnly = false, gapMs = 20 } = {},
): Promise<{ responses: RawResponse[]; closed: boolean }> {
  const socket = await openSocket(port, host);
  return new Promise((resolve) => {
    let data = Buffer.alloc(0);
    let closed = false;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ responses: parseResponses(data, headOnly).responses, closed });
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      if (parseResponses(data, headOnly).responses.length >= count) done();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      done();
    });
    writePieces(socket, typeof payload === 'string' || Buffer.isBuffer(payload) ? [payload] : payload, gapMs);
  });
}

function writePieces(socket: Socket, pieces: readonly (string | Buffer)[], gapMs: number): void {
  const [first, ...rest] = pieces;
  if (first === undefined || socket.destroyed) return;
  socket.write(first);
  if (rest.length > 0) setTimeout(() => writePieces(socket, rest, gapMs), gapMs);
}
