/**
 * One raw exchange over TCP for framing tests: writes bytes, keeps every byte the server sends until
 * it closes the connection or a deadline passes, and says which happened. fetch and node:http
 * would hide what these tests look at (repeated headers, bytes after a 204 head, a close).
 */
import { connect } from 'node:net';
import { parseResponses } from '@bolt/conformance';

export interface RawExchange {
  /** Everything the server sent, as latin1 text. */
  text: string;
  /** True when the server closed the connection before the deadline. */
  closed: boolean;
  /** Milliseconds from connect to close (or to the deadline). */
  elapsedMs: number;
}

/** Sends `payload` on a new connection and waits until the server closes it or `deadlineMs` passes. */
export function rawExchange(port: number, payload: string, deadlineMs = 3000): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(payload));
    let text = '';
    let settled = false;
    const done = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed, elapsedMs: Date.now() - started });
    };
    const timer = setTimeout(() => done(false), deadlineMs);
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('close', () => done(true));
    socket.on('error', (error) => (settled ? undefined : text === '' ? reject(error) : done(true)));
  });
}

/**
 * The status of every complete response in `text`, in order, framed by their own heads: parsing
 * stops at the first byte that does not start a response (a body a 204 should not have had).
 */
export function statuses(text: string): number[] {
  return parseResponses(Buffer.from(text, 'latin1')).responses.map((r) => r.status);
}

/** The header lines of the first response head in `text`, names lower-cased. */
export function firstHead(text: string): Array<[string, string]> {
  const end = text.indexOf('\r\n\r\n');
  return text
    .slice(0, end === -1 ? text.length : end)
    .split('\r\n')
    .slice(1)
    .map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()] as [string, string];
    });
}
