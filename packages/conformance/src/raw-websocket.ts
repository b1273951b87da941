/**
 * A WebSocket client over a raw TCP socket, for what a library client will not send: fragments
 * with control frames between them, invalid UTF-8, frames over a limit, a handshake checked byte by
 * byte. Frames are written masked (RFC 6455 5.3) and the server's are parsed as they arrive.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { openSocket, parseResponses, type RawResponse } from './raw-http.js';
import { Waiters } from './waiters.js';

/** Frame opcodes of RFC 6455 5.2. */
export const Opcode = {
  Continuation: 0x0,
  Text: 0x1,
  Binary: 0x2,
  Close: 0x8,
  Ping: 0x9,
  Pong: 0xa,
} as const;

export interface Frame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

/** The `sec-websocket-accept` a server must answer to `key` (RFC 6455 4.2.2). */
export function acceptFor(key: string): string {
  return createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
}

/** One frame as a client writes it: masked, with the shortest length encoding. */
export function encodeFrame({
  fin = true,
  opcode,
  payload = Buffer.alloc(0),
}: Partial<Frame> & { opcode: number }): Buffer {
  const mask = randomBytes(4);
  const length = payload.length;
  const head = length < 126 ? Buffer.alloc(2) : length < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  head[0] = (fin ? 0x80 : 0) | opcode;
  if (length < 126) head[1] = 0x80 | length;
  else if (length < 65536) {
    head[1] = 0x80 | 126;
    head.writeUInt16BE(length, 2);
  } else {
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  const masked = Buffer.alloc(length);
  for (let i = 0; i < length; i++) masked[i] = (payload[i] as number) ^ (mask[i & 3] as number);
  return Buffer.concat([head, mask, masked]);
}

/** A close frame's payload: the code, then the reason. */
export function closePayload(code: number, reason = ''): Buffer {
  const out = Buffer.alloc(2 + Buffer.byteLength(reason));
  out.writeUInt16BE(code, 0);
  out.write(reason, 2);
  return out;
}

/** The first complete server frame in `data`, and the bytes it used. */
function decodeFrame(data: Buffer): { frame: Frame; used: number } | undefined {
  if (data.length < 2) return undefined;
  const b0 = data[0] as number;
  const b1 = data[1] as number;
  let length = b1 & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (data.length < 4) return undefined;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return undefined;
    length = Number(data.readBigUInt64BE(2));
    offset = 10;
  }
  // Servers never mask (RFC 6455 5.1); a masked frame is still read so a test can see it.
  const masked = (b1 & 0x80) !== 0;
  const mask = masked ? data.subarray(offset, offset + 4) : undefined;
  if (masked) offset += 4;
  if (data.length < offset + length) return undefined;
  const payload = Buffer.from(data.subarray(offset, offset + length));
  if (mask)
    for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) ^ (mask[i & 3] as number);
  return { frame: { fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, payload }, used: offset + length };
}

/** What `RawWebSocket.connect` got: the server's answer and, on a 101, the open socket. */
export interface RawHandshake {
  key: string;
  response: RawResponse | undefined;
  /** Set when the answer was 101. */
  ws: RawWebSocket | undefined;
}

export class RawWebSocket {
  readonly #socket: Socket;
  #data: Buffer;
  #closed = false;
  #waiters = new Waiters();

  private constructor(socket: Socket, rest: Buffer) {
    this.#socket = socket;
    this.#data = rest;
  }

  /**
   * Sends an upgrade request for `path` (with `headers` added, `protocols` as
   * `sec-websocket-protocol`) and waits for the answer's head.
   */
  static async connect(
    port: number,
    path: string,
    {
      headers = {},
      protocols,
      timeoutMs = 5000,
    }: { headers?: Record<string, string>; protocols?: string; timeoutMs?: number } = {},
  ): Promise<RawHandshake> {
    const socket = await openSocket(port);
    const key = randomBytes(16).toString('base64');
    const lines = [
      `GET ${path} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${key}`,
      'Sec-WebSocket-Version: 13',
      ...(protocols === undefined ? [] : [`Sec-WebSocket-Protocol: ${protocols}`]),
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    return new Promise((resolve) => {
      let data = Buffer.alloc(0);
      let closed = false;
      const finish = () => {
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('close', onClose);
        const headEnd = data.indexOf('\r\n\r\n');
        const response = parseResponses(data, false, closed).responses[0];
        if (response?.status === 101 && headEnd !== -1) {
          const ws = new RawWebSocket(socket, data.subarray(headEnd + 4));
          ws.#listen();
          resolve({ key, response, ws });
        } else {
          socket.destroy();
          resolve({ key, response, ws: undefined });
        }
      };
      const onData = (chunk: Buffer) => {
        data = Buffer.concat([data, chunk]);
        const response = parseResponses(data, false, false).responses[0];
        // A 101 has no body: its head is all; anything else completes with its body.
        if (response) finish();
      };
      const onClose = () => {
        closed = true;
        finish();
      };
      const timer = setTimeout(finish, timeoutMs);
      socket.on('data', onData);
      socket.on('close', onClose);
      socket.on('error', () => {});
    });
  }

  #listen(): void {
    this.#socket.on('data', (chunk: Buffer) => {
      this.#data = Buffer.concat([this.#data, chunk]);
      this.#waiters.wake();
    });
    this.#socket.on('close', () => {
      this.#closed = true;
      this.#waiters.wake();
    });
  }

  /** True once the server closed the TCP connection. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Writes one frame (or raw bytes). */
  send(frame: (Partial<Frame> & { opcode: number }) | Buffer): void {
    if (this.#socket.destroyed) return;
    this.#socket.write(Buffer.isBuffer(frame) ? frame : encodeFrame(frame));
  }

  sendText(text: string): void {
    this.send({ opcode: Opcode.Text, payload: Buffer.from(text) });
  }

  /** The next server frame, or undefined when the connection closed or `timeoutMs` passed first. */
  async nextFrame(timeoutMs = 5000): Promise<Frame | undefined> {
    let decoded = decodeFrame(this.#data);
    if (!decoded) {
      await this.#waiters.until(() => this.#closed || decodeFrame(this.#data) !== undefined, timeoutMs);
      decoded = decodeFrame(this.#data);
    }
    if (!decoded) return undefined;
    this.#data = this.#data.subarray(decoded.used);
    return decoded.frame;
  }

  /** The next data message (fragments joined), skipping control frames other than close. */
  async nextMessage(timeoutMs = 5000): Promise<Frame | undefined> {
    const parts: Buffer[] = [];
    let opcode: number | undefined;
    for (;;) {
      const frame = await this.nextFrame(timeoutMs);
      if (!frame) return undefined;
      if (frame.opcode === Opcode.Close) return frame;
      if (frame.opcode >= 0x8) continue;
      if (opcode === undefined) opcode = frame.opcode;
      parts.push(frame.payload);
      if (frame.fin) return { fin: true, opcode, payload: Buffer.concat(parts) };
    }
  }

  /**
   * Reads frames until the server's close frame; returns its code (1005 when it had none) and
   * reason, or undefined when none came before the connection dropped or `timeoutMs` passed.
   */
  async nextClose(timeoutMs = 5000): Promise<{ code: number; reason: string } | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = await this.nextFrame(Math.max(0, deadline - Date.now()));
      if (!frame) return undefined;
      if (frame.opcode !== Opcode.Close) continue;
      if (frame.payload.length < 2) return { code: 1005, reason: '' };
      return { code: frame.payload.readUInt16BE(0), reason: frame.payload.subarray(2).toString('utf8') };
    }
  }

  /** Waits until the server closes the TCP connection; returns whether it did within `timeoutMs`. */
  async waitForEnd(timeoutMs = 5000): Promise<boolean> {
    await this.#waiters.until(() => this.#closed, timeoutMs);
    return this.#closed;
  }

  destroy(): void {
    this.#socket.destroy();
  }
}
