/**
 * A multipart body an engine parsed itself (`RawRequest.native.multipart`, the Rust engine's multer
 * output, files already on disk) turned into the same ParsedForm busboy's parse gives, so binding,
 * 422s and 413 messages do not depend on the engine.
 */
import type { NativeMultipart } from '../transport/contract.js';
import { append, type FormFailure, type ParsedForm } from './parsed-form.js';
import { TempUpload } from './uploaded-file.js';

/** The engine's multipart result, or undefined when the engine parsed none. */
export function nativeMultipartOf(
  native: Readonly<Record<string, unknown>> | undefined,
): NativeMultipart | undefined {
  const value = native?.multipart;
  return typeof value === 'object' && value !== null ? (value as NativeMultipart) : undefined;
}

export function fromNativeMultipart(parsed: NativeMultipart): ParsedForm | FormFailure {
  if (!parsed.ok) {
    return parsed.limit ? { ok: false, limit: parsed.limit } : { ok: false, message: parsed.message };
  }
  const form: ParsedForm = { ok: true, fields: new Map(), files: new Map(), temp: [] };
  for (const [name, value] of parsed.fields) append(form.fields, name, value);
  for (const file of parsed.files) {
    const upload = new TempUpload(
      file.field,
      file.filename,
      file.contentType || 'application/octet-stream',
      file.path,
      file.size,
    );
    append(form.files, file.field, upload);
  }
  return form;
}
