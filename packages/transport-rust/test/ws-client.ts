/**
 * Test helpers for WebSockets over real sockets: the `ws` client for what a browser-like client
 * does, and a raw TCP client for frames no well-behaved client sends (invalid UTF-8, silence).
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';

/** Rejects when `promise` has not settled within `ms` (a hung socket fails the test instead of the run). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Received messages, in order, and how the socket closed. */
export class Client {
  readonly ws: WebSocket;
  readonly #messages: { data: string | Buffer; isBinary: boolean }[] = [];
  #waiting: (() => void) | undefined;
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      this.#messages.push({ data: isBinary ? data : data.toString('utf8'), isBinary });
      this.#waiting?.();
    });
    this.closed = new Promise((resolve) => {
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') }));
    });
    ws.on('error', () => undefined);
  }

  /** The next message (text as a string, binary as a Buffer). */
  async next(ms = 10_000): Promise<{ data: string | Buffer; isBinary: boolean }> {
    const deadline = Date.now() + ms;
    while (this.#messages.length === 0) {
      if (Date.now() > deadline) throw new Error('no message in time');
      await within(
        new Promise<void>((resolve) => {
          this.#waiting = resolve;
        }),
        Math.max(1, deadline - Date.now()),
        'message',
      ).catch(() => undefined);
    }
    return this.#messages.shift() as { data: string | Buffer; isBinary: boolean };
  }

  async text(ms?: number): Promise<string> {
    const m = await this.next(ms);
    return typeof m.data === 'string' ? m.data : `<binary ${m.data.length}>`;
  }

  /** Messages received and not yet taken. */
  get pending(): number {
    return this.#messages.length;
  }
}

/** Opens a `ws` client; rejects with the HTTP status when the server refuses the upgrade. */
export function open(url: string, protocols?: string[], headers?: Record<string, string>): Promise<Client> {
  const ws = new WebSocket(url, protocols, { headers, perMessageDeflate: false });
  return within(
    new Promise<Client>((resolve, reject) => {
      const client = new Client(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => {
        reject(Object.assign(new Error(`refused with ${res.statusCode}`), { status: res.statusCode }));
        res.resume();
        ws.terminate();
      });
      ws.once('error', reject);
    }),
    10_000,
    'open',
  );
}

/** A WebSocket frame as a client sends it (masked). */
export function clientFrame(opcode: number, payload: Buffer, fin = true): Buffer {
  const mask = randomBytes(4);
  const len = payload.length;
  const head =
    len < 126
      ? Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | len])
      : Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | 126, len >> 8, len & 0xff]);
  const body = Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] as number)));
  return Buffer.concat([head, mask, body]);
}

/** A server frame (unmasked, payload under 64 KiB). */
export interface Frame {
  opcode: number;
  payload: Buffer;
}

function parseFrames(buf: Buffer): { frames: Frame[]; rest: Buffer } {
  const frames: Frame[] = [];
  let at = 0;
  for (;;) {
    if (buf.length - at < 2) break;
    const opcode = (buf[at] as number) & 0x0f;
    let len = (buf[at + 1] as number) & 0x7f;
    let head = 2;
    if (len === 126) {
      if (buf.length - at < 4) break;
      len = buf.readUInt16BE(at + 2);
      head = 4;
    }
    if (buf.length - at < head + len) break;
    frames.push({ opcode, payload: buf.subarray(at + head, at + head + len) });
    at += head + len;
  }
  return { frames, rest: buf.subarray(at) };
}

/** A raw TCP client that performed the handshake by hand. */
export class RawClient {
  readonly socket: Socket;
  readonly frames: Frame[] = [];
  #buf: Buffer = Buffer.alloc(0);
  ended = false;
  readonly #ended: Promise<void>;

  private constructor(socket: Socket, rest: Buffer) {
    this.socket = socket;
    this.#ended = new Promise((resolve) => {
      socket.on('close', () => {
        this.ended = true;
        resolve();
      });
    });
    socket.on('data', (d: Buffer) => this.#take(d));
    this.#take(rest);
  }

  #take(d: Buffer): void {
    const { frames, rest } = parseFrames(Buffer.concat([this.#buf, d]));
    this.frames.push(...frames);
    this.#buf = rest;
  }

  static connect(port: number, path: string): Promise<RawClient> {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    return within(
      new Promise<RawClient>((resolve, reject) => {
        let head = Buffer.alloc(0);
        const onData = (d: Buffer) => {
          head = Buffer.concat([head, d]);
          const end = head.indexOf('\r\n\r\n');
          if (end === -1) return;
          socket.off('data', onData);
          const status = head.subarray(0, end).toString('latin1');
          if (!status.startsWith('HTTP/1.1 101')) reject(new Error(`not upgraded: ${status}`));
          else resolve(new RawClient(socket, head.subarray(end + 4)));
        };
        socket.on('data', onData);
      }),
      10_000,
      'handshake',
    );
  }

  send(frame: Buffer): void {
    this.socket.write(frame);
  }

  /** Waits for the first frame with `opcode` (8: close, 9: ping). */
  async frame(opcode: number, ms = 10_000): Promise<Frame> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.frames.find((f) => f.opcode === opcode);
      if (found) return found;
      if (Date.now() > deadline || this.ended) throw new Error(`no frame with opcode ${opcode}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Resolves when the server closed the TCP connection. */
  end(ms = 10_000): Promise<void> {
    return within(this.#ended, ms, 'end of the connection');
  }
}
