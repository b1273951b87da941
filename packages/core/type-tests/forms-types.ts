/** Type tests for form bodies: `Upload()` fields are `UploadedFile`s, form fields typed by the schema. */
import { BoltAPI, t, Upload, type UploadedFile } from '../src/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_: T) => {};

const api = new BoltAPI();

api.post(
  '/uploads',
  { body: t.Object({ title: t.String(), cover: Upload(), extra: t.Optional(t.Array(Upload())) }) },
  ({ body }) => {
    assertType<Equal<typeof body.title, string>>(true);
    assertType<Equal<typeof body.cover, UploadedFile>>(true);
    assertType<Equal<typeof body.extra, UploadedFile[] | undefined>>(true);
    assertType<Equal<ReturnType<UploadedFile['bytes']>, Promise<Uint8Array>>>(true);
    // @ts-expect-error: an upload is not a string
    body.cover.toUpperCase();
    return { size: body.cover.size };
  },
);

api.post('/contact', { body: t.Object({ n: t.Integer() }), contentTypes: ['form', 'json'] }, ({ body }) => body.n);

// @ts-expect-error: not a body kind
api.post('/x', { body: t.Object({}), contentTypes: ['xml'] }, () => 1);
