/**
 * compress: br or gzip by `accept-encoding` (q-values honoured), for text-like answers of at least
 * `minBytes`, with `vary: accept-encoding`; never for ranges, 204/304 or already-encoded bodies;
 * streams compressed chunk by chunk. The Rust engine compresses off the JavaScript thread itself
 * (native kind `compress`), so there this hook is dropped and nothing is compressed twice.
 */
import type { BoltPlugin } from '@bolt/core';
import type { BoltResponse } from '@bolt/core/transport';
import { FileBody } from '@bolt/core/transport';
import { check } from '../errors.js';
import { headerOf, withVary } from '../shared/headers.js';
import { compressibleType, mustStayAsIs } from './compressible.js';
import { compressPooled, compressStream, compressSync, type EncoderSettings } from './encoders.js';
import { type Encoding, negotiate } from './negotiate.js';

export { type Encoding, negotiate } from './negotiate.js';

/** Options of {@link compress}. */
export interface CompressOptions {
  /** Smallest body compressed, in bytes. Default 1024. */
  minBytes?: number;
  /** Codings offered, most preferred first. Default `['br', 'gzip']`. */
  encodings?: readonly Encoding[];
  /** Brotli quality, 0-11. Default 4 (as the Rust engine: fast enough per request). */
  brotliQuality?: number;
  /** gzip level, 1-9. Default 4 (as the Rust engine). */
  gzipLevel?: number;
  /** Content types that compress. Default text, JSON, JavaScript, XML, SVG, wasm. */
  compressible?: (contentType: string) => boolean;
  /**
   * Where whole bodies are compressed: `sync` on the JavaScript thread, `pool` on libuv's thread
   * pool. Default `sync`: faster for /items100 on node and uWS on a quiet machine (the pool pays a
   * thread hop and a promise per answer; packages/middleware/README.md has the figures).
   */
  mode?: 'sync' | 'pool';
}

/** The compression settings as data, for an engine that compresses itself. */
export interface CompressConfig {
  readonly minBytes: number;
  readonly encodings: readonly Encoding[];
  readonly brotliQuality: number;
  readonly gzipLevel: number;
}

/** The answer depends on accept-encoding whether or not this one is compressed. */
const VARY_ACCEPT_ENCODING: [string, string] = ['vary', 'accept-encoding'];

/**
 * The body's size in bytes when it matters against `minBytes`; a string too short to reach it
 * (a UTF-16 unit is at most 3 bytes) is not measured.
 */
function bodySize(body: BoltResponse['body'], minBytes: number): number | undefined {
  if (typeof body === 'string') return body.length * 3 < minBytes ? 0 : Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.length;
  if (body instanceof FileBody) return body.size;
  return undefined;
}

function withoutLength(headers: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < headers.length; i += 2) {
    if (headers[i] !== 'content-length') out.push(headers[i] as string, headers[i + 1] as string);
  }
  return out;
}

/**
 * Compresses answers the client accepts compressed.
 *
 * @example
 * const api = new BoltAPI({ plugins: [compress({ minBytes: 1024 })] });
 * // GET /items100, accept-encoding: gzip, br;q=0.5 -> content-encoding: gzip, vary: accept-encoding
 */
export function compress(options: CompressOptions = {}): BoltPlugin {
  const minBytes = options.minBytes ?? 1024;
  check(Number.isInteger(minBytes) && minBytes >= 0, 'compress', 'minBytes', 'a whole number of bytes');
  const encodings = options.encodings ?? ['br', 'gzip'];
  check(
    encodings.length > 0 && encodings.every((e) => e === 'br' || e === 'gzip'),
    'compress',
    'encodings',
    "a list of 'br' and 'gzip'",
  );
  const settings: EncoderSettings = {
    brotliQuality: options.brotliQuality ?? 4,
    gzipLevel: options.gzipLevel ?? 4,
  };
  check(
    Number.isInteger(settings.brotliQuality) && settings.brotliQuality >= 0 && settings.brotliQuality <= 11,
    'compress',
    'brotliQuality',
    'an integer from 0 to 11',
  );
  check(
    Number.isInteger(settings.gzipLevel) && settings.gzipLevel >= 1 && settings.gzipLevel <= 9,
    'compress',
    'gzipLevel',
    'an integer from 1 to 9',
  );
  const isCompressible = options.compressible ?? compressibleType;
  const mode = options.mode ?? 'sync';
  check(mode === 'sync' || mode === 'pool', 'compress', 'mode', "'sync' or 'pool'");
  const pooled = mode === 'pool';
  const config: CompressConfig = Object.freeze({
    minBytes,
    encodings: Object.freeze([...encodings]),
    ...settings,
  });

  return {
    name: 'compress',
    // A custom content-type test cannot be handed over as data: then every engine runs the hook.
    ...(options.compressible
      ? {}
      : { native: { kind: 'compress', config: config as unknown as Record<string, unknown> } }),
    register(api) {
      api.addHook('onSend', (request, response) => {
        if (mustStayAsIs(response) || !isCompressible(headerOf(response.headers, 'content-type') ?? ''))
          return;
        const headers = withVary(response.headers, VARY_ACCEPT_ENCODING);
        const accepted = request.header('accept-encoding');
        const size = accepted === undefined ? undefined : bodySize(response.body, minBytes);
        const encoding =
          accepted !== undefined &&
          request.header('range') === undefined &&
          (size === undefined || size >= minBytes)
            ? negotiate(accepted, encodings)
            : undefined;
        if (encoding === undefined) return { ...response, headers };
        const out = withoutLength(headers);
        out.push('content-encoding', encoding);
        const body = response.body;
        if (typeof body === 'string' || body instanceof Uint8Array) {
          const bytes = typeof body === 'string' ? Buffer.from(body) : body;
          if (pooled)
            return compressPooled(bytes, encoding, settings).then((packed) => ({
              ...response,
              headers: out,
              body: packed,
            }));
          return { ...response, headers: out, body: compressSync(bytes, encoding, settings) };
        }
        return {
          ...response,
          headers: out,
          body: compressStream(body as AsyncIterable<Uint8Array | string>, encoding, settings),
        };
      });
    },
  };
}
