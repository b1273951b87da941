/**
 * The in-memory client: one request through Bolt's router, binding, handler and encoding, with no
 * socket. It is how users test their APIs, and it agrees with every transport (the conformance suite).
 */

import { isMultipartContentType } from '../forms/content-type.js';
import type { BoltResponse, CompiledApp, RawRequest } from '../transport/contract.js';
import { collectBody } from './collect-body.js';

/** A request for `api.inject`. */
export interface InjectRequest {
  /** Default `GET`. */
  method?: string;
  /** Path and query, e.g. `/items/1?q=x`. */
  url: string;
  headers?: Record<string, string>;
  /**
   * Objects are sent as JSON (with `content-type: application/json` unless given); strings and bytes
   * as is; a `URLSearchParams` as a urlencoded form and a `FormData` as `multipart/form-data` (files
   * as `Blob`/`File` entries), each with its content type.
   */
  body?: unknown;
  remoteAddress?: string;
}

/** What `api.inject` returns. */
export interface InjectResponse {
  status: number;
  /** Lower-case header names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: string;
  rawBody: Buffer;
  /** The body parsed as JSON. */
  json<T = unknown>(): T;
}

/** Chunk size a multipart body is handed over in, as a socket would deliver it. */
const STREAM_CHUNK = 64 * 1024;

async function* chunksOf(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += STREAM_CHUNK) yield bytes.subarray(at, at + STREAM_CHUNK);
}

async function encodeBody(body: unknown, headers: Record<string, string>): Promise<Uint8Array | undefined> {
  if (body === undefined || body === null) return undefined;
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof FormData || body instanceof URLSearchParams) {
    // The platform's own encoder (fetch's), so the bytes are what a browser or client sends.
    const encoded = new Response(body);
    headers['content-type'] ??= encoded.headers.get('content-type') as string;
    return new Uint8Array(await encoded.arrayBuffer());
  }
  headers['content-type'] ??= 'application/json';
  return Buffer.from(JSON.stringify(body));
}

async function toInjectResponse(response: BoltResponse, isHead: boolean): Promise<InjectResponse> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < response.headers.length; i += 2) {
    const name = response.headers[i] as string;
    const value = response.headers[i + 1] as string;
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  let full: Buffer;
  try {
    full = await collectBody(response.body);
  } catch (error) {
    response.finished?.(true);
    throw error;
  }
  response.finished?.(false);
  if (response.body !== null && headers['content-length'] === undefined)
    headers['content-length'] = String(full.length);
  const rawBody = isHead ? Buffer.alloc(0) : full;
  const body = rawBody.toString('utf8');
  return { status: response.status, headers, body, rawBody, json: <T>() => JSON.parse(body) as T };
}

/** Runs `request` against `app` in memory. */
export async function inject(app: CompiledApp, request: InjectRequest): Promise<InjectResponse> {
  const method = (request.method ?? 'GET').toUpperCase();
  const q = request.url.indexOf('?');
  const path = q === -1 ? request.url : request.url.slice(0, q);
  const query = q === -1 ? '' : request.url.slice(q + 1);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  const body = await encodeBody(request.body, headers);
  if (body) headers['content-length'] ??= String(body.length);
  const matched = app.match(method, path);
  // A multipart route gets a multipart body as a stream, as the engines hand it over.
  const streamed = body && matched?.route.multipart && isMultipartContentType(headers['content-type']);
  const raw: RawRequest = {
    method,
    path,
    query,
    headers,
    body: streamed ? undefined : body,
    ...(streamed ? { bodyStream: chunksOf(body) } : {}),
    remoteAddress: request.remoteAddress ?? '127.0.0.1',
  };

  const limit = matched?.route.bodyLimit ?? app.bodyLimit;
  const response = body && body.length > limit ? app.errorResponse(413) : await app.handle(raw);
  return toInjectResponse(response, method === 'HEAD');
}
