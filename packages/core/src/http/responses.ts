/**
 * Response helpers a handler may return: `json`, `text`, `html`, `redirect`, `file`, `stream`, `sse`.
 * They are plain objects tagged with a symbol, turned into a BoltResponse by `encode-response.ts`.
 */

import type { HeadersInit } from './response-headers.js';

const RESPONSE = Symbol.for('bolt.response');

/** Status and extra headers for a response helper. */
export interface ResponseInit {
  /** Default 200 (307 for `redirect`). */
  status?: number;
  /** Numbers are stringified; an array sends one header line per value (`'set-cookie': [a, b]`). */
  headers?: HeadersInit;
}

interface Tagged {
  readonly [RESPONSE]: true;
  readonly status: number;
  readonly headers: HeadersInit;
}

/** JSON data, serialized by the route's schema for `status` when it has one. */
export interface JsonResponse<T = unknown, S extends number = number> extends Tagged {
  readonly kind: 'json';
  readonly data: T;
  readonly status: S;
}

/** A body sent as given, with its content type. */
export interface RawResponse extends Tagged {
  readonly kind: 'raw';
  readonly body: string | Uint8Array | null | AsyncIterable<Uint8Array | string>;
  readonly contentType: string | undefined;
}

/** A file streamed from disk (content type from its extension). */
export interface FileResponse extends Tagged {
  readonly kind: 'file';
  readonly path: string;
  readonly contentType: string | undefined;
  readonly filename: string | undefined;
}

/** Anything a handler may return instead of plain data. */
export type ResponseObject = JsonResponse | RawResponse | FileResponse;

function tag<T extends object>(init: ResponseInit | undefined, fallbackStatus: number, rest: T) {
  return {
    [RESPONSE]: true as const,
    status: init?.status ?? fallbackStatus,
    headers: init?.headers ?? {},
    ...rest,
  };
}

/** True when a handler returned a response helper rather than plain data. */
export function isResponseObject(value: unknown): value is ResponseObject {
  return typeof value === 'object' && value !== null && (value as Partial<Tagged>)[RESPONSE] === true;
}

/**
 * JSON with a status and headers.
 * @example return json({ id: 1 }, { status: 201, headers: { location: '/items/1' } });
 */
export function json<T, const S extends number = 200>(
  data: T,
  init?: Omit<ResponseInit, 'status'> & { status?: S },
): JsonResponse<T, NoInfer<S>> {
  return tag(init, 200, { kind: 'json' as const, data }) as JsonResponse<T, S>;
}

/** `text/plain; charset=utf-8`. @example return text('pong'); */
export function text(body: string, init?: ResponseInit): RawResponse {
  return tag(init, 200, { kind: 'raw' as const, body, contentType: 'text/plain; charset=utf-8' });
}

/** `text/html; charset=utf-8`. @example return html('<h1>Hi</h1>'); */
export function html(body: string, init?: ResponseInit): RawResponse {
  return tag(init, 200, { kind: 'raw' as const, body, contentType: 'text/html; charset=utf-8' });
}

/** A redirect (default 307, which keeps the method). @example return redirect('/login', 303); */
export function redirect(location: string, status = 307, init?: Omit<ResponseInit, 'status'>): RawResponse {
  return tag({ status, headers: { ...init?.headers, location } }, status, {
    kind: 'raw' as const,
    body: null,
    contentType: undefined,
  });
}

/**
 * Bytes or text produced over time, sent with back-pressure.
 * @example return stream(fs.createReadStream('big.csv'), { contentType: 'text/csv' });
 */
export function stream(
  body: AsyncIterable<Uint8Array | string>,
  init?: ResponseInit & { contentType?: string },
): RawResponse {
  return tag(init, 200, {
    kind: 'raw' as const,
    body,
    contentType: init?.contentType ?? 'application/octet-stream',
  });
}

/** A file from disk; 404 when it does not exist. @example return file('./report.pdf', { filename: 'r.pdf' }); */
export function file(
  path: string,
  init?: ResponseInit & { contentType?: string; filename?: string },
): FileResponse {
  return tag(init, 200, {
    kind: 'file' as const,
    path,
    contentType: init?.contentType,
    filename: init?.filename,
  });
}

/** One server-sent event. Strings are sent as `data:`; objects as JSON. */
export interface ServerSentEvent {
  data: unknown;
  event?: string;
  id?: string;
  retry?: number;
}

async function* formatEvents(events: AsyncIterable<ServerSentEvent | string>): AsyncIterable<string> {
  for await (const ev of events) {
    const e = typeof ev === 'string' ? { data: ev } : ev;
    let out = '';
    if (e.event) out += `event: ${e.event}\n`;
    if (e.id) out += `id: ${e.id}\n`;
    if (e.retry !== undefined) out += `retry: ${e.retry}\n`;
    const data = typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
    for (const line of data.split('\n')) out += `data: ${line}\n`;
    yield `${out}\n`;
  }
}

/**
 * Server-sent events (`text/event-stream`).
 * @example return sse((async function* () { yield { data: { n: 1 } }; })());
 */
export function sse(events: AsyncIterable<ServerSentEvent | string>, init?: ResponseInit): RawResponse {
  return tag({ ...init, headers: { 'cache-control': 'no-cache', ...init?.headers } }, 200, {
    kind: 'raw' as const,
    body: formatEvents(events),
    contentType: 'text/event-stream',
  });
}
