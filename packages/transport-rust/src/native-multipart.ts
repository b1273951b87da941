/**
 * The hand-over of a multipart body Rust parsed itself (`native/src/multipart.rs`): for a route
 * with `multipart` set, a `multipart/form-data` body never reaches JavaScript; its batch record
 * carries the `NativeMultipart` result as JSON instead (body length `m<n>`, see `batch.rs`), and
 * the request gets it as `native.multipart`.
 *
 * The files it names are temp files Rust removes once the response is done (hyper dropped its
 * body), and never before this thread answered: a handler reads them until it answers, and moves
 * or copies one it needs longer.
 */
import type { MultipartLimits, NativeMultipart } from '@bolt/core/transport';
import type { MultipartSpec } from './native-types.js';

/** First character of a batch body length that marks a `NativeMultipart` record. */
export const MULTIPART_MARK = 'm';

/** `CompiledRoute.multipart` as Rust registers it; `Infinity` stays "no limit". */
export function multipartSpec(limits: MultipartLimits | undefined): MultipartSpec | undefined {
  if (limits === undefined) return undefined;
  const { fileSize, files, fields, fieldSize, parts } = limits;
  return { fileSize, files, fields, fieldSize, parts };
}

/** `RawRequest.native.multipart` of a request whose record is `NativeMultipart` JSON. */
export function nativeMultipart(record: Uint8Array): NativeMultipart {
  const text = Buffer.from(record.buffer, record.byteOffset, record.byteLength).toString('utf8');
  return JSON.parse(text) as NativeMultipart;
}
