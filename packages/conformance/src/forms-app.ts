/**
 * The app of the form and upload cases. A module of its own so that multi-worker and
 * multi-process engines import it in each worker (`{ module, export: 'api' }`). Small limits on
 * `/upload` so that each can be crossed with little data.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { BoltAPI, json, t as s, Upload } from '@bolt/core';

export const api = new BoltAPI();

api.post(
  '/form',
  {
    body: s.Object({
      name: s.String({ minLength: 1 }),
      age: s.Integer({ minimum: 0 }),
      tags: s.Array(s.String(), { default: [] }),
      agree: s.Optional(s.Boolean()),
    }),
    contentTypes: ['form'],
  },
  ({ body }) => body,
);
api.post(
  '/upload',
  {
    body: s.Object({ title: s.String(), count: s.Optional(s.Integer()), file: s.Array(Upload()) }),
    limits: { fileSize: 1024, files: 2, fields: 3, fieldSize: 100, parts: 4 },
    bodyLimit: 2048,
  },
  async ({ body }) => ({
    title: body.title,
    count: body.count ?? null,
    files: await Promise.all(
      body.file.map(async (f) => ({
        fieldName: f.fieldName,
        filename: f.filename,
        contentType: f.contentType,
        size: f.size,
        text: Buffer.from(await f.bytes()).toString(),
        path: f.path,
        existed: existsSync(f.path),
      })),
    ),
  }),
);
api.post('/big', { body: s.Object({ file: Upload() }) }, async ({ body }) => {
  const hash = createHash('sha256');
  for await (const chunk of body.file.stream()) hash.update(chunk as Buffer);
  return { size: body.file.size, sha256: hash.digest('hex') };
});
// A hook that refuses before the body is read: the upload must not be read (nor stored).
api.post(
  '/guarded',
  {
    body: s.Object({ file: Upload() }),
    onRequest: (req) => (req.header('authorization') ? undefined : json({ detail: 'no' }, { status: 401 })),
  },
  ({ body }) => ({ size: body.file.size }),
);
