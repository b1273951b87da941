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
import { appendHeaders, checkStatus, forbidsBody } from './response-headers.js';
import type { FileResponse, ResponseObject } from './responses.js';

/** Serializes JSON data for a status: the route's compiled serializer, or JSON.stringify. */
export type JsonEncoder = (data: unknown, status: number) => string;

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
    status: checkStatus(res.status),
    headers: appendHeaders(res.headers, headers),
    body: new FileBody(res.path, size),
  };
}

/**
 * Encodes a response helper. Only `file` is async (it stats the file). Throws InvalidResponseError
 * for a status or header no engine can send (the route answers a logged 500).
 */
export function encodeResponseObject(
  res: ResponseObject,
  encodeJson: JsonEncoder,
): BoltResponse | Promise<BoltResponse> {
  const status = checkStatus(res.status);
  switch (res.kind) {
    case 'json': {
      if (forbidsBody(status)) return { status, headers: appendHeaders(res.headers, []), body: null };
      return {
        status,
        headers: appendHeaders(res.headers, ['content-type', 'application/json']),
        body: encodeJson(res.data, status),
      };
    }
    case 'raw': {
      if (forbidsBody(status)) return { status, headers: appendHeaders(res.headers, []), body: null };
      const headers = res.contentType ? ['content-type', res.contentType] : [];
      return { status, headers: appendHeaders(res.headers, headers), body: res.body };
    }
    case 'file':
      return encodeFile(res);
  }
}
