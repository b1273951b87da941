/**
 * A tiny HTTP/1.1 client over a raw socket, for what fetch cannot express: pipelining, partial
 * bodies, aborts mid-request and mid-response, oversized heads.
 */
import { connect, type Socket } from 'node:net';

/** One parsed response. */
export interface RawResponse {
  /** `HTTP/1.1` or `HTTP/1.0`, as the status line gave it. */
  version: string;
  status: number;
  /** Last value per lower-case name; `headerLines` keeps every line. */
  headers: Record<string, string>;
  /** Every header line in order, `[lower-case name, value]`: repeated names stay separate. */
  headerLines: [string, string][];
  body: Buffer;
}

/**
 * Which responses answer a HEAD request (their body is empty whatever their head announces):
 * `true` for all, or one flag per response in order.
 */
export type HeadOnly = boolean | readonly boolean[];

const STATUS_LINE = /^HTTP\/\d\.\d \d{3}( |$)/;

/**
 * Parses as many complete responses as `data` holds; returns them and the bytes consumed. A
 * response with neither `content-length` nor chunked framing ends when the connection does, so it
 * is complete only when `closed` is true.
 */
export function parseResponses(
  data: Buffer,
  headOnly: HeadOnly = false,
  closed = false,
): { responses: RawResponse[]; used: number } {
  const responses: RawResponse[] = [];
  let offset = 0;
  for (;;) {
    const headEnd = data.indexOf('\r\n\r\n', offset);
    if (headEnd === -1) break;
    const lines = data.subarray(offset, headEnd).toString('latin1').split('\r\n');
    // A response starts exactly at its status line: stray bytes before it (a body sent after a
    // HEAD or 204 answer) are a framing fault, and nothing after them parses.
    if (!STATUS_LINE.test(lines[0] ?? '')) break;
    const [version = '', code] = lines[0]?.split(' ') ?? [];
    const status = Number(code);
    const headers: Record<string, string> = {};
    const headerLines: [string, string][] = [];
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = value;
      headerLines.push([name, value]);
    }
    let cursor = headEnd + 4;
    let body: Buffer;
    const isHead = typeof headOnly === 'boolean' ? headOnly : (headOnly[responses.length] ?? false);
    if (isHead || status === 204 || status === 304 || (status >= 100 && status < 200)) {
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
    } else if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      if (data.length < cursor + length) break;
      body = data.subarray(cursor, cursor + length);
      cursor += length;
    } else {
      if (!closed) break;
      body = data.subarray(cursor);
      cursor = data.length;
    }
    responses.push({ version, status, headers, headerLines, body });
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
  {
    host = '127.0.0.1',
    timeoutMs = 5000,
    headOnly = false as HeadOnly,
    gapMs = 20,
  }: { host?: string; timeoutMs?: number; headOnly?: HeadOnly; gapMs?: number } = {},
): Promise<{ responses: RawResponse[]; closed: boolean; raw: Buffer; elapsedMs: number }> {
  const socket = await openSocket(port, host);
  const started = Date.now();
  return new Promise((resolve) => {
    let data = Buffer.alloc(0);
    let closed = false;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const elapsedMs = Date.now() - started;
      resolve({ responses: parseResponses(data, headOnly, closed).responses, closed, raw: data, elapsedMs });
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
