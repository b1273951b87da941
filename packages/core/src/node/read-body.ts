/**
 * Request bodies read from node:http with a size limit: refused at once when `content-length`
 * announces too much, cut off as soon as the bytes received cross the limit.
 */
import type { IncomingMessage } from 'node:http';

/** The body, `undefined` when there is none, or `'too-large'`. */
export type BodyRead = Uint8Array | undefined | 'too-large';

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return length !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}

/** Reads `req`'s body up to `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): BodyRead | Promise<BodyRead> {
  if (!hasBody(req)) return undefined;
  const announced = Number(req.headers['content-length']);
  if (announced > limit) return 'too-large';
  // Mounted behind a body parser (Express's express.raw/json): take what it already read.
  const parsed = (req as IncomingMessage & { body?: unknown }).body;
  if (req.readableEnded && parsed !== undefined) {
    if (parsed instanceof Uint8Array) return parsed;
    return Buffer.from(typeof parsed === 'string' ? parsed : JSON.stringify(parsed));
  }
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
