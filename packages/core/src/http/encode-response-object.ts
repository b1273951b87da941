/**
 * Response helpers (`json`, `text`, `file`, ...) turned into BoltResponses. JSON goes through the
 * route's serializer for that status when there is one.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { contentType as mimeContentType } from 'mime-types';
import type { BoltResponse } from '../transport/contract.js';
import { errorResponse } from './error-response.js';
import type { FileResponse, ResponseObject } from './responses.js';

/** Serializes JSON data for a status: the route's compiled serializer, or JSON.stringify. */
export type JsonEncoder = (data: unknown, status: number) => string;

function flatHeaders(headers: Readonly<Record<string, string>>, into: string[]): string[] {
  for (const name in headers) into.push(name.toLowerCase(), headers[name] as string);
  return into;
}

async function encodeFile(res: FileResponse): Promise<BoltResponse> {
  let size: number;
  try {
    const info = await stat(res.path);
    if (!info.isFile()) return errorResponse(404);
    size = info.size;
  } catch {
    return errorResponse(404);
  }
  const type = res.contentType ?? (mimeContentType(basename(res.path)) || 'application/octet-stream');
  const headers = ['content-type', type, 'content-length', String(size)];
  if (res.filename)
    headers.push('content-disposition', `attachment; filename="${res.filename.replace(/"/g, '')}"`);
  return { status: res.status, headers: flatHeaders(res.headers, headers), body: createReadStream(res.path) };
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
