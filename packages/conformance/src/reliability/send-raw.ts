/**
 * Sends bytes on a fresh connection and collects what comes back until the server closes, a first
 * complete response arrived (when asked), or nothing happened for `idleMs`: the client never waits
 * for an engine's own idle timeout, so thousands of cases finish in seconds.
 */
import { connect } from 'node:net';
import { parseResponses } from '../raw-http.js';

/** What came back for one case. */
export interface RawOutcome {
  /** Status codes of every status line received, in order (parsed loosely: framing may be broken). */
  statuses: number[];
  raw: Buffer;
  /** True when the server closed (or reset) the connection. */
  closed: boolean;
  /** True when the connection could not be opened. */
  refused: boolean;
  /** ms from connect to the first byte back, when one came. */
  firstByteMs: number | undefined;
}

export interface SendRawOptions {
  /** Give up after this long without a byte from the server, in ms. */
  idleMs: number;
  /** Give up after this long in any case, in ms. Default 10 000. */
  maxMs?: number;
  /** Stop as soon as one complete response arrived (instead of waiting for more). Default false. */
  firstResponse?: boolean;
}

// Anywhere, not only at line starts: a response written straight after a body that announced the
// wrong length (or none) must still count.
const STATUS = /HTTP\/\d\.\d (\d{3})[ \r]/g;

/** Status codes of the status lines in `raw`. */
export function statusesIn(raw: Buffer): number[] {
  return [...raw.toString('latin1').matchAll(STATUS)].map((m) => Number(m[1]));
}

export function sendRaw(port: number, bytes: Buffer, opts: SendRawOptions): Promise<RawOutcome> {
  const { idleMs, maxMs = 10_000, firstResponse = false } = opts;
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    let closed = false;
    let refused = false;
    let settled = false;
    let idle: NodeJS.Timeout | undefined;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      clearTimeout(cap);
      socket.destroy();
      resolve({ statuses: statusesIn(data), raw: data, closed, refused, firstByteMs });
    };
    const cap = setTimeout(finish, maxMs);
    let received = 0;
    let connectedAt = 0;
    let firstByteMs: number | undefined;
    // When the idle timer fires after the process stalled (a loaded machine), bytes that arrived
    // meanwhile are not read yet: timers run before I/O in an event-loop turn. Two turns later
    // they are, so look again then before calling the case unanswered.
    const idleOver = () => {
      const seen = received;
      setImmediate(() => setImmediate(() => (received === seen ? finish() : undefined)));
    };
    const rearm = () => {
      clearTimeout(idle);
      idle = setTimeout(idleOver, idleMs);
    };
    socket.on('connect', () => {
      connectedAt = Date.now();
      socket.write(bytes);
      rearm();
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      firstByteMs ??= Date.now() - connectedAt;
      data = Buffer.concat([data, chunk]);
      if (firstResponse && parseResponses(data).responses.length > 0) finish();
      else rearm();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') refused = true;
    });
    socket.on('close', () => {
      closed = true;
      finish();
    });
  });
}

/** Runs `work` over `items` with at most `concurrency` at a time; results keep the items' order. */
export async function pool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

/** Server errors that are never a right answer to a client's bad bytes (501 and 505 may be). */
export function isServerFault(status: number): boolean {
  return status >= 500 && status !== 501 && status !== 505;
}
