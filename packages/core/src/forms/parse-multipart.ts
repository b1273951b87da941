/**
 * A `multipart/form-data` body parsed as it arrives, with busboy (the parser Fastify's and
 * Express's multipart plugins build on, well kept and streaming; hand-writing a multipart parser
 * is where limits go wrong). Files go straight to temp files; nothing is held whole in memory.
 * Over any limit the parse stops at once: the rest of the body is not read, the files written so
 * far are removed, and the caller answers 413 naming the limit.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { MultipartLimits } from '../transport/contract.js';
import type { LimitName } from './limits.js';
import { append, type FormFailure, type ParsedForm } from './parsed-form.js';
import { removeFiles, TempUpload } from './uploaded-file.js';

/** Field names longer than this are refused (busboy would truncate them silently otherwise). */
const FIELD_NAME_SIZE = 256;

function tempPath(): string {
  return join(tmpdir(), `bolt-upload-${randomUUID()}`);
}

/**
 * Parses `source` (the body, chunk by chunk; pulled only as fast as the temp files take it) under
 * `limits` and the whole-request `bodyLimit`. Never rejects.
 */
export async function parseMultipart(
  headers: Readonly<Record<string, string | undefined>>,
  source: AsyncIterable<Uint8Array>,
  limits: MultipartLimits,
  bodyLimit: number,
): Promise<ParsedForm | FormFailure> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': headers['content-type'] },
      defParamCharset: 'utf8',
      // busboy marks a value truncated on reaching its limit, and stops at the limit-th part, so
      // each limit is given one more: reaching it means the route's own limit was crossed. Files,
      // fields and parts are also counted below, as their parts begin, to stop without delay.
      limits: {
        fieldNameSize: FIELD_NAME_SIZE + 1,
        fieldSize: limits.fieldSize + 1,
        fileSize: limits.fileSize + 1,
        files: limits.files + 1,
        fields: limits.fields + 1,
        parts: limits.parts + 1,
      },
    });
  } catch (error) {
    return { ok: false, message: `Malformed multipart body: ${(error as Error).message}` };
  }

  const uploads: TempUpload[] = [];
  const form: ParsedForm = { ok: true, fields: new Map(), files: new Map(), temp: [] };
  const streams: (Readable | Writable)[] = [];
  const writes: Promise<void>[] = [];
  let failure: FormFailure | undefined;
  let wake: (() => void) | undefined;
  const fail = (f: FormFailure) => {
    failure ??= f;
    wake?.();
  };
  const over = (limit: LimitName) => fail({ ok: false, limit });
  let files = 0;
  let fields = 0;
  let parts = 0;

  parser.on('field', (name, value, info) => {
    if (failure) return;
    if (++parts > limits.parts) return over('parts');
    if (++fields > limits.fields) return over('fields');
    if (info.nameTruncated)
      return fail({ ok: false, message: `A field name is longer than ${FIELD_NAME_SIZE} bytes` });
    if (info.valueTruncated) return over('fieldSize');
    append(form.fields, name, value);
  });
  parser.on('file', (name, stream, info) => {
    if (failure || ++parts > limits.parts || ++files > limits.files) {
      stream.resume();
      if (!failure) over(parts > limits.parts ? 'parts' : 'files');
      return;
    }
    const upload = new TempUpload(
      name,
      info.filename ?? '',
      info.mimeType || 'application/octet-stream',
      tempPath(),
    );
    uploads.push(upload);
    stream.on('data', (chunk: Buffer) => {
      upload.size += chunk.length;
    });
    stream.on('limit', () => over('fileSize'));
    const out = createWriteStream(upload.path, { flags: 'wx', mode: 0o600 });
    streams.push(stream, out);
    writes.push(
      pipeline(stream, out).then(
        () => undefined,
        (error: Error) => {
          if (!failure) fail({ ok: false, message: `Could not store an uploaded file: ${error.message}` });
        },
      ),
    );
  });
  parser.on('filesLimit', () => over('files'));
  parser.on('fieldsLimit', () => over('fields'));
  parser.on('partsLimit', () => over('parts'));
  parser.on('error', (error: unknown) =>
    fail({ ok: false, message: `Malformed multipart body: ${(error as Error).message}` }),
  );
  const closed = new Promise<void>((resolve) => parser.once('close', resolve));

  // Pulls a chunk only once busboy (and through it, the temp file) took the last one.
  const settled = (event: Promise<void>) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      event.then(resolve);
    });
  let received = 0;
  try {
    for await (const chunk of source) {
      received += chunk.byteLength;
      if (received > bodyLimit) {
        over('bodyLimit');
        break;
      }
      if (!parser.write(chunk) && !failure) {
        await settled(new Promise<void>((resolve) => parser.once('drain', resolve)));
      }
      if (failure) break;
    }
    if (!failure) {
      parser.end();
      if (!failure) await settled(closed);
    }
  } catch (error) {
    fail({ ok: false, message: `The body could not be read: ${(error as Error).message}` });
  }
  if (!failure) await Promise.all(writes);
  if (failure) {
    parser.destroy();
    for (const stream of streams) stream.destroy();
    await Promise.allSettled(writes);
    await removeFiles(uploads.map((u) => u.path));
    return failure;
  }
  // In arrival order. A file input left empty: browsers send a part with no filename and no bytes.
  for (const upload of uploads) {
    if (upload.size > 0 || upload.filename !== '') append(form.files, upload.fieldName, upload);
  }
  return { ...form, temp: uploads.map((u) => u.path) };
}
