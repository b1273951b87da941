/**
 * One raw connection driven step by step: write, wait for an answer, write more. For cases where
 * what the client sends next depends on what came back (a pipelined request completed only after
 * the first answer, a body trickled until the server cuts it).
 */
import type { Socket } from 'node:net';
import { type HeadOnly, openSocket, parseResponses, type RawResponse } from './raw-http.js';
import { Waiters } from './waiters.js';

export class RawConnection {
  readonly #socket: Socket;
  readonly #openedAt = Date.now();
  #data = Buffer.alloc(0);
  #closedAt: number | undefined;
  #waiters = new Waiters();

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#data = Buffer.concat([this.#data, chunk]);
      this.#waiters.wake();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.#closedAt = Date.now();
      this.#waiters.wake();
    });
  }

  /** Connects to 127.0.0.1:`port`. */
  static async open(port: number, host = '127.0.0.1'): Promise<RawConnection> {
    return new RawConnection(await openSocket(port, host));
  }

  /** True once the server closed the connection (or it was destroyed). */
  get closed(): boolean {
    return this.#closedAt !== undefined;
  }

  /** Milliseconds from connect to close, or undefined while open. */
  get closedAfterMs(): number | undefined {
    return this.#closedAt === undefined ? undefined : this.#closedAt - this.#openedAt;
  }

  /** Every byte received so far. */
  get raw(): Buffer {
    return this.#data;
  }

  /** Writes unless the connection is gone; returns whether it wrote. */
  write(bytes: string | Buffer): boolean {
    if (this.closed || this.#socket.destroyed) return false;
    this.#socket.write(bytes);
    return true;
  }

  /** The complete responses received so far. */
  responses(headOnly: HeadOnly = false): RawResponse[] {
    return parseResponses(this.#data, headOnly, this.closed).responses;
  }

  /** Waits until `count` responses arrived, the server closed, or `timeoutMs` passed. */
  async waitForResponses(
    count: number,
    timeoutMs: number,
    headOnly: HeadOnly = false,
  ): Promise<RawResponse[]> {
    await this.#waiters.until(() => this.closed || this.responses(headOnly).length >= count, timeoutMs);
    return this.responses(headOnly);
  }

  /** Waits until the server closes the connection or `timeoutMs` passes; returns whether it closed. */
  async waitForClose(timeoutMs: number): Promise<boolean> {
    await this.#waiters.until(() => this.closed, timeoutMs);
    return this.closed;
  }

  destroy(): void {
    this.#socket.destroy();
  }
}
