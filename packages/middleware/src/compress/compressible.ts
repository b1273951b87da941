/** Which answers may be compressed at all: by status, headers and content type. */
import type { BoltResponse } from '@bolt/core/transport';
import { headerOf } from '../shared/headers.js';

/** Text-like content types shrink; images, archives and media are already compressed. */
export function compressibleType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.toLowerCase();
  return (
    type.startsWith('text/') ||
    type.includes('json') ||
    type.includes('javascript') ||
    type.includes('xml') ||
    type.startsWith('image/svg') ||
    type.startsWith('application/wasm')
  );
}

/**
 * Why `response` must go out as it is: no body (204, 304, 1xx), a part of a representation (206,
 * `content-range`), already encoded, or marked `cache-control: no-transform`.
 */
export function mustStayAsIs(response: BoltResponse): boolean {
  const status = response.status;
  if (status < 200 || status === 204 || status === 206 || status === 304 || response.body === null)
    return true;
  const headers = response.headers;
  if (headerOf(headers, 'content-encoding') !== undefined || headerOf(headers, 'content-range') !== undefined)
    return true;
  const cacheControl = headerOf(headers, 'cache-control');
  return cacheControl !== undefined && /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(cacheControl);
}
