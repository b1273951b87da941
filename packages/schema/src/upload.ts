/**
 * The file field of a form body: `Upload()` in a `t.Object` body schema (`t.Array(Upload())` for
 * several files under one name). A route whose body holds one takes `multipart/form-data`; the
 * handler receives an {@link UploadedFile} whose bytes are on disk, never in memory.
 */
import type { Readable } from 'node:stream';
import { Kind, type SchemaOptions, type TSchema, type TUnsafe, Type, TypeRegistry } from '@sinclair/typebox';

/** One uploaded file as a handler receives it. Its temp file is removed once the response finished. */
export interface UploadedFile {
  /** The form field the file came in. */
  readonly fieldName: string;
  /** The name the client gave (`filename=` of the part); `''` when it gave none. */
  readonly filename: string;
  /** The part's `content-type` (`application/octet-stream` when the client gave none). */
  readonly contentType: string;
  /** Size in bytes. */
  readonly size: number;
  /** Absolute path of the temp file holding the bytes (in `os.tmpdir()`); valid until the response finished. */
  readonly path: string;
  /** Reads the file as a stream (back-pressure applies; `for await` or `pipeline` it). */
  stream(): Readable;
  /** Reads the whole file into memory: fine for small files, use `stream()` for large ones. */
  bytes(): Promise<Uint8Array>;
}

/** The schema kind of {@link Upload}. */
export const UploadKind = 'BoltUpload';

/** The schema `Upload()` returns: typed as {@link UploadedFile}, described as binary in OpenAPI. */
export type TUpload = TUnsafe<UploadedFile>;

/** True for a value Bolt's form parsers made (duck-typed, so copies of this module agree). */
export function isUploadedFile(value: unknown): value is UploadedFile {
  if (typeof value !== 'object' || value === null) return false;
  const file = value as Partial<UploadedFile>;
  return (
    typeof file.path === 'string' &&
    typeof file.size === 'number' &&
    typeof file.filename === 'string' &&
    typeof file.stream === 'function'
  );
}

// TypeBox's compiler checks kinds it does not know through its registry.
if (!TypeRegistry.Has(UploadKind)) TypeRegistry.Set(UploadKind, (_schema, value) => isUploadedFile(value));

/**
 * A file field of a multipart body.
 *
 * @example
 * api.post('/avatar', { body: t.Object({ name: t.String(), avatar: Upload() }) }, async ({ body }) => ({
 *   name: body.name, size: body.avatar.size,
 * }));
 */
export function Upload(options: SchemaOptions = {}): TUpload {
  return Type.Unsafe<UploadedFile>({ ...options, [Kind]: UploadKind, type: 'string', format: 'binary' });
}

/** True when `schema` is {@link Upload}. */
export function isUploadSchema(schema: TSchema): boolean {
  return schema[Kind] === UploadKind;
}
