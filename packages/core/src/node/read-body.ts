/**
 * Request bodies read from node:http with a size limit: refused at once when `content-length`
 * announces too much, cut off as soon as the bytes received cross the limit. Mounted inside a host
 * framework that already read the body (Express's parsers, Fastify's), the host's `req.body` is
 * used instead: the stream is spent, and waiting for its `end` would wait forever.
 */
import type { IncomingMessage } from 'node:http';

/** Why a body the host framework already consumed cannot reach Bolt. */
export interface BodyUnusable {
  readonly unusable: string;
}

/** The body, `undefined` when there is none, `'too-large'`, or why it cannot be had. */
export type BodyRead = Uint8Array | undefined | 'too-large' | BodyUnusable;

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return length !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded\b/i;

/** The bytes of a body a host parsed: raw bytes and text as they are, JSON and flat forms re-encoded. */
function fromParsed(parsed: unknown, contentType: string): Uint8Array | BodyUnusable {
  if (parsed instanceof Uint8Array) return parsed;
  if (typeof parsed === 'string') return Buffer.from(parsed);
  if (JSON_TYPE.test(contentType)) return Buffer.from(JSON.stringify(parsed));
  if (FORM_TYPE.test(contentType) && typeof parsed === 'object' && parsed !== null) {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(parsed)) {
      for (const v of Array.isArray(value) ? value : [value]) {
        if (typeof v === 'object' && v !== null) return { unusable: 'a nested form the host parsed' };
        form.append(key, String(v));
      }
    }
    return Buffer.from(form.toString());
  }
  return { unusable: `a ${contentType || 'body'} the host parsed into an object` };
}

/** Reads `req`'s body up to `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): BodyRead | Promise<BodyRead> {
  if (!hasBody(req)) return undefined;
  const announced = Number(req.headers['content-length']);
  if (announced > limit) return 'too-large';
  // Express's body parsers set `req.body` and Express 4 sets `{}` without reading: only a spent
  // stream means the host has the body. Fastify keeps it on its own request: its recipe copies it here.
  if (req.readableEnded) {
    const parsed = (req as IncomingMessage & { body?: unknown }).body;
    if (parsed === undefined) {
      return { unusable: 'the host framework read the body but left no req.body' };
    }
    const bytes = fromParsed(parsed, req.headers['content-type'] ?? '');
    return bytes instanceof Uint8Array && bytes.byteLength > limit ? 'too-large' : bytes;
  }
  if (req.destroyed)
    return Promise.reject(new Error('The client closed the connection before the body was complete.'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      if (!req.complete) onError(new Error('The client closed the connection before the body was complete.'));
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

const CLIENT_LEFT = 'The client closed the connection before the body was complete.';

/**
 * The body of `req` as it arrives, for a route that parses it streaming (multipart): each chunk is
 * read only when the consumer asks for the next, so a slow consumer slows the socket down instead
 * of filling memory. Stopping early leaves the request unread (the caller then closes the
 * connection after answering) rather than destroying it, so the answer still goes out.
 */
export async function* streamBody(req: IncomingMessage): AsyncGenerator<Uint8Array> {
  for (;;) {
    const chunk = req.read() as Buffer | null;
    if (chunk !== null) {
      yield chunk;
      continue;
    }
    if (req.readableEnded) return;
    if (req.destroyed) throw new Error(CLIENT_LEFT);
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        req.off('readable', onReadable);
        req.off('end', onReadable);
        req.off('error', onError);
        req.off('close', onClose);
        if (error) reject(error);
        else resolve();
      };
      const onReadable = () => done();
      const onError = (error: Error) => done(error);
      const onClose = () => done(req.complete ? undefined : new Error(CLIENT_LEFT));
      req.on('readable', onReadable);
      req.on('end', onReadable);
      req.on('error', onError);
      req.on('close', onClose);
    });
  }
}
