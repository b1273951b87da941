/**
 * The zlib calls behind compression: whole bodies on the JavaScript thread (`sync`) or on libuv's
 * thread pool (`pool`), and streams chunk by chunk with a flush after each (so server-sent events
 * arrive as they are written).
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Encoding } from './negotiate.js';

export interface EncoderSettings {
  readonly brotliQuality: number;
  readonly gzipLevel: number;
}

const brotliAsync = promisify(zlib.brotliCompress);
const gzipAsync = promisify(zlib.gzip);

function brotliParams(settings: EncoderSettings, size: number) {
  return {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: settings.brotliQuality,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size,
    },
  };
}

/** Compresses a whole body on this thread. */
export function compressSync(data: Uint8Array, encoding: Encoding, settings: EncoderSettings): Buffer {
  return encoding === 'br'
    ? zlib.brotliCompressSync(data, brotliParams(settings, data.length))
    : zlib.gzipSync(data, { level: settings.gzipLevel });
}

/** Compresses a whole body on libuv's thread pool (UV_THREADPOOL_SIZE threads, 4 by default). */
export function compressPooled(
  data: Uint8Array,
  encoding: Encoding,
  settings: EncoderSettings,
): Promise<Buffer> {
  return encoding === 'br'
    ? brotliAsync(data, brotliParams(settings, data.length))
    : gzipAsync(data, { level: settings.gzipLevel });
}

/** Compresses a stream chunk by chunk; each input chunk is flushed out before the next is read. */
export async function* compressStream(
  source: AsyncIterable<Uint8Array | string>,
  encoding: Encoding,
  settings: EncoderSettings,
): AsyncGenerator<Uint8Array> {
  const z =
    encoding === 'br'
      ? zlib.createBrotliCompress(brotliParams(settings, 0))
      : zlib.createGzip({ level: settings.gzipLevel });
  const out: Buffer[] = [];
  z.on('data', (chunk: Buffer) => out.push(chunk));
  const flushKind = encoding === 'br' ? zlib.constants.BROTLI_OPERATION_FLUSH : zlib.constants.Z_SYNC_FLUSH;
  try {
    for await (const chunk of source) {
      z.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      await new Promise<void>((resolve) => z.flush(flushKind, () => resolve()));
      if (out.length > 0) yield Buffer.concat(out.splice(0));
    }
    await new Promise<void>((resolve, reject) => {
      z.once('end', resolve);
      z.once('error', reject);
      z.end();
    });
    if (out.length > 0) yield Buffer.concat(out.splice(0));
  } finally {
    z.destroy();
  }
}
