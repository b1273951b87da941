/** An answer decided as a flat BoltResponse, returned from a hook as the response helper it equals. */
import { type ResponseObject, text } from '@bolt/core';
import type { BoltResponse } from '@bolt/core/transport';

/**
 * The response helper that encodes to `answer` (status, headers, string body). Hooks answer with
 * response helpers; plugins decide their answers as data (the same data a native form carries).
 */
export function answerOf(answer: BoltResponse): ResponseObject {
  const headers: Record<string, string | string[]> = {};
  let contentType: string | undefined;
  for (let i = 0; i < answer.headers.length; i += 2) {
    const name = answer.headers[i] as string;
    const value = answer.headers[i + 1] as string;
    if (name === 'content-type') contentType = value;
    else {
      const seen = headers[name];
      headers[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
    }
  }
  const body = typeof answer.body === 'string' ? answer.body : '';
  const response = text(body, { status: answer.status, headers });
  // text() sets text/plain; the answer's own content type wins (JSON for a 429, say).
  return contentType ? { ...response, contentType } : response;
}
