/**
 * The `ws` package's client, with what it receives queued so a case reads messages and the close
 * in order, each awaited against a deadline instead of a sleep.
 */
import WebSocket from 'ws';
import { Waiters } from './waiters.js';

export interface Received {
  data: string | Buffer;
  isBinary: boolean;
}

export class WsClient {
  readonly socket: WebSocket;
  readonly #queue: Received[] = [];
  #closeInfo: { code: number; reason: string } | undefined;
  #waiters = new Waiters();

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      this.#queue.push({ data: isBinary ? data : data.toString('utf8'), isBinary });
      this.#waiters.wake();
    });
    socket.on('close', (code: number, reason: Buffer) => {
      this.#closeInfo = { code, reason: reason.toString('utf8') };
      this.#waiters.wake();
    });
  }

  /** Connects to `url`; rejects when the server refuses the upgrade or does not answer in `timeoutMs`. */
  static connect(
    url: string,
    {
      protocols,
      headers,
      timeoutMs = 10_000,
    }: { protocols?: string[]; headers?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<WsClient> {
    const socket = new WebSocket(url, protocols ?? [], {
      headers,
      handshakeTimeout: timeoutMs,
      perMessageDeflate: false,
    });
    const client = new WsClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    }).then(() => {
      socket.on('error', () => undefined);
      return client;
    });
  }

  /** The next message, or undefined when the socket closed or `timeoutMs` passed first. */
  async next(timeoutMs = 5000): Promise<Received | undefined> {
    await this.#waiters.until(() => this.#queue.length > 0 || this.#closeInfo !== undefined, timeoutMs);
    return this.#queue.shift();
  }

  /** The next text message parsed as JSON. */
  async nextJson(timeoutMs = 5000): Promise<unknown> {
    const message = await this.next(timeoutMs);
    return message && !message.isBinary ? JSON.parse(message.data as string) : message;
  }

  /** Messages received and not read yet. */
  get pending(): number {
    return this.#queue.length;
  }

  /** The close code and reason once the socket closed, waiting up to `timeoutMs`. */
  async closed(timeoutMs = 5000): Promise<{ code: number; reason: string } | undefined> {
    await this.#waiters.until(() => this.#closeInfo !== undefined, timeoutMs);
    return this.#closeInfo;
  }

  send(data: string | Uint8Array): void {
    this.socket.send(data, { binary: typeof data !== 'string' });
  }

  close(code?: number, reason?: string): void {
    this.socket.close(code, reason);
  }

  terminate(): void {
    this.socket.terminate();
  }
}
