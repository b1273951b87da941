/**
 * Response helpers (`json`, `text`, `file`, ...) turned into BoltResponses. JSON goes through the
 * route's serializer for that status when there is one.
 */
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import type { BoltResponse } from '../transport/contract.js';
import { FileBody } from '../transport/file-body.js';
import { errorResponse } from './error-response.js';
import type { FileResponse, ResponseObject } from './responses.js';

/** Serializes JSON data for a status: the route's compiled serializer, or JSON.stringify. */
export type JsonEncoder = (data: unknown, status: number) => string;

/**
 * Flattens the user's headers after the defaults in `into`; a user header replaces a default of
 * the same name (`json(x, { headers: { 'content-type': 'application/problem+json' } })`).
 */
function flatHeaders(headers: Readonly<Record<string, string>>, into: string[]): string[] {
  for (const key in headers) {
    const name = key.toLowerCase();
    const value = headers[key] as string;
    const existing = into.indexOf(name);
    if (existing !== -1 && existing % 2 === 0) into[existing + 1] = value;
    else into.push(name, value);
  }
  return into;
}

// mime-types parses its whole database (about 3.5 MiB resident) when loaded: only file responses need it.
const require = createRequire(import.meta.url);
let mimeContentType: ((filename: string) => string | false) | undefined;

async function encodeFile(res: FileResponse): Promise<BoltResponse> {
  let size: number;
  try {
    const info = await stat(res.path);
    if (!info.isFile()) return errorResponse(404);
    size = info.size;
  } catch {
    return errorResponse(404);
  }
  mimeContentType ??= (require('mime-types') as typeof import('mime-types')).contentType;
  const type = res.contentType ?? (mimeContentType(basename(res.path)) || 'application/octet-stream');
  const headers = ['content-type', type, 'content-length', String(size)];
  if (res.filename)
    headers.push('content-disposition', `attachment; filename="${res.filename.replace(/"/g, '')}"`);
  return {
    status: res.status,
    headers: flatHeaders(res.headers, headers),
    body: new FileBody(res.path, size),
  };
}

/** Encodes a response helper. Only `file` is async (it stats the file). */
export function encodeResponseObject(
  res: ResponseObject,
  encodeJson: JsonEncoder,
): BoltResponse | Promise<BoltResponse> {
  switch (res.kind) {
    case 'json':
      return {
        status: res.status,
        headers: flatHeaders(res.headers, ['content-type', 'application/json']),
        body: encodeJson(res.data, res.status),
      };
    case 'raw': {
      const headers = res.contentType ? ['content-type', res.contentType] : [];
      return { status: res.status, headers: flatHeaders(res.headers, headers), body: res.body };
    }
    case 'file':
      return encodeFile(res);
  }
}
