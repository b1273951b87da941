/** Raw bytes to a server and everything it sends back, for the node adapter's framing tests. */
import { connect } from 'node:net';

/** What came back, and whether the server closed the connection (rather than the deadline passing). */
export interface RawExchange {
  text: string;
  closedByServer: boolean;
}

/**
 * Writes `bytes` on a fresh connection and collects the reply until the server closes it or
 * `idleMs` pass without a byte (a kept-alive connection).
 */
export function rawExchange(port: number, bytes: string, idleMs = 1500): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let timer: NodeJS.Timeout | undefined;
    const idle = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        socket.destroy();
        resolve({ text, closedByServer: false });
      }, idleMs);
    };
    socket.on('connect', () => {
      socket.write(bytes);
      idle();
    });
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      idle();
    });
    socket.on('end', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closedByServer: true });
    });
    socket.on('error', reject);
  });
}

/** Status lines in `text`, in order. */
export function statusLines(text: string): string[] {
  return text.match(/HTTP\/1\.[01] \d{3}[^\r\n]*/g) ?? [];
}

/** The header lines of the first response in `text`, lower-cased names. */
export function firstHead(text: string): string[] {
  const end = text.indexOf('\r\n\r\n');
  return text
    .slice(0, end === -1 ? text.length : end)
    .split('\r\n')
    .slice(1)
    .map((line) => {
      const colon = line.indexOf(':');
      return `${line.slice(0, colon).toLowerCase()}:${line.slice(colon + 1)}`;
    });
}
