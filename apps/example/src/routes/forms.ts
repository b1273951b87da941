/**
 * `POST /forms/contact` (an urlencoded form) and `POST /uploads` (multipart: a title and one or more
 * files, streamed to temp files and hashed from disk, 10 MiB per file, 50 MiB per request).
 */
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { BoltAPI, t, Upload, type UploadedFile } from '@bolt/core';

const Contact = t.Object({
  name: t.String({ minLength: 1 }),
  email: t.String({ format: 'email' }),
  message: t.String(),
});

const Uploads = t.Object({ title: t.String(), file: t.Array(Upload(), { minItems: 1 }) });

const MiB = 1024 * 1024;

/** The file's SHA-256, read from its temp file in chunks (never whole in memory). */
async function sha256(file: UploadedFile): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(file.stream(), hash);
  return hash.digest('hex');
}

export function formsRoutes() {
  return new BoltAPI()
    .post(
      '/forms/contact',
      { body: Contact, contentTypes: ['form'], summary: 'Send the contact form', tags: ['forms'] },
      ({ body }) => ({ ok: true, name: body.name }),
    )
    .post(
      '/uploads',
      {
        body: Uploads,
        limits: { fileSize: 10 * MiB },
        bodyLimit: 50 * MiB,
        summary: 'Upload files',
        tags: ['forms'],
      },
      async ({ body }) => ({
        title: body.title,
        files: await Promise.all(
          body.file.map(async (file) => ({
            filename: file.filename,
            size: file.size,
            sha256: await sha256(file),
          })),
        ),
      }),
    );
}
