/**
 * serveStatic: the files of a directory under a URL prefix, as `send` serves them: content types,
 * `etag` and `last-modified`, 304 for current copies, one `range` (206, 416), `index.html` for
 * directories, no dotfiles, nothing outside the root in any encoding (404). Whole files go out as
 * core's `file()` responses, which the Rust engine sends from Rust; ranges are streamed.
 */
import { createReadStream, statSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type BoltPlugin, file, type HookRequest, HTTPError, json, redirect, stream } from '@bolt/core';
import mime from 'mime-types';
import { BoltMiddlewareError, check, MiddlewareErrorCode } from '../errors.js';
import { etagOf, ifRangeHolds, isNotModified } from './conditional.js';
import { parseRange } from './range.js';
import { resolveInside, safeSegments } from './safe-path.js';

/** Options of {@link serveStatic}. */
export interface StaticOptions {
  /** The directory served. Required. */
  root: string;
  /** URL prefix, e.g. `/static`. Default `''` (the files at the top of the app). */
  prefix?: string;
  /** The file served for a directory. Default `index.html`; `false` for none (404). */
  index?: string | false;
  /** `cache-control: public, max-age=<seconds>`. Default 0 (revalidate with the etag). */
  maxAge?: number;
}

function notFound(): never {
  throw new HTTPError(404);
}

/**
 * Serves the files under `root` at `GET {prefix}/{path...}` (HEAD too).
 *
 * @example
 * api.use(serveStatic({ root: new URL('../public', import.meta.url).pathname, prefix: '/static' }));
 * // GET /static/style.css -> 200 text/css, etag, last-modified; with if-none-match: 304
 * // GET /static/..%2f..%2fetc%2fpasswd -> 404
 */
export function serveStatic(options: StaticOptions): BoltPlugin {
  check(
    typeof options.root === 'string' && options.root.length > 0,
    'serveStatic',
    'root',
    'a directory path',
  );
  const maxAge = options.maxAge ?? 0;
  check(Number.isInteger(maxAge) && maxAge >= 0, 'serveStatic', 'maxAge', 'a whole number of seconds');
  const index = options.index ?? 'index.html';
  const prefix = (options.prefix ?? '').replace(/\/+$/, '');
  let isDir = false;
  try {
    isDir = statSync(options.root).isDirectory();
  } catch {}
  if (!isDir) {
    throw new BoltMiddlewareError(
      MiddlewareErrorCode.STATIC_ROOT_INVALID,
      `serveStatic: root "${options.root}" is not a directory; give the folder whose files should be served.`,
    );
  }
  const rootGiven = resolve(options.root);
  let rootReal: string | undefined;
  const cacheControl = `public, max-age=${maxAge}`;

  return {
    name: 'static',
    register(api) {
      const serve = async (rawPath: string, request: HookRequest) => {
        rootReal ??= await realpath(rootGiven);
        const segments = safeSegments(rawPath);
        if (!segments) notFound();
        let path = await resolveInside(rootReal, segments);
        if (!path) notFound();
        let stats = await stat(path);
        if (stats.isDirectory()) {
          if (index === false) notFound();
          // Relative links of an index page need the trailing slash.
          if (segments.length > 0 && segments.at(-1) !== '') return redirect(`${request.path}/`, 308);
          path = await resolveInside(rootReal, [...segments, index]);
          if (!path) notFound();
          stats = await stat(path);
        }
        if (!stats.isFile()) notFound();
        const etag = etagOf(stats);
        const validators = {
          etag,
          'last-modified': stats.mtime.toUTCString(),
          'cache-control': cacheControl,
        };
        if (isNotModified((n) => request.header(n), etag, stats.mtimeMs)) {
          return json(null, { status: 304, headers: validators });
        }
        const headers = { ...validators, 'accept-ranges': 'bytes' };
        const range = request.header('range');
        if (range !== undefined && ifRangeHolds(request.header('if-range'), stats.mtimeMs)) {
          const decision = parseRange(range, stats.size);
          if (decision === 'unsatisfiable') {
            throw new HTTPError(416, undefined, { 'content-range': `bytes */${stats.size}`, ...headers });
          }
          if (decision !== 'ignore') {
            const { start, end } = decision;
            return stream(createReadStream(path, { start, end }), {
              status: 206,
              contentType: mime.contentType(path) || 'application/octet-stream',
              headers: {
                ...headers,
                'content-range': `bytes ${start}-${end}/${stats.size}`,
                'content-length': end - start + 1,
              },
            });
          }
        }
        // Whole files: core's file() (the Rust engine sends it without JavaScript touching the bytes).
        return file(path, { headers });
      };
      api.get(`${prefix}/{path...}`, ({ params, request }) => serve(params.path, request));
      // A catch-all may not match the empty rest on every engine's router (matchit's does not).
      if (prefix) api.get(`${prefix}/`, ({ request }) => serve('', request));
    },
  };
}
