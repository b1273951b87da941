/**
 * The example's OpenAPI document, served by every engine: it passes an OpenAPI 3.1 validator, and
 * a walk over every documented operation calls it with valid inputs (sampled from the document's
 * own schemas) and with invalid ones, checking that each real answer's status is documented and
 * its body matches the document's schema for that status (200s, 401s, 422s).
 */
import { serve as serveNode } from '@bolt/core/node';
import { serve as serveRust } from '@bolt/transport-rust';
import { serve as serveUws } from '@bolt/transport-uws';
import { compileErrors, validate } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import t, { type Test } from 'tap';
import { api } from '../src/app.js';
import { resolve, sample } from './openapi-sample.js';

type Schema = { [key: string]: unknown };
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
  security?: Record<string, string[]>[];
}

const engines = [
  ['node', () => serveNode(api, { host: '127.0.0.1', port: 0, handleSignals: false })],
  ['uws', () => serveUws(api, { host: '127.0.0.1', port: 0, handleSignals: false })],
  ['rust', () => serveRust(api, { host: '127.0.0.1', port: 0, handleSignals: false })],
] as const;

/** Inputs the schemas cannot guess: real credentials, a real file. */
const OVERRIDES: Record<string, { params?: Record<string, string>; body?: unknown }> = {
  'POST /auth/token': { body: { username: 'alice', password: 'wonderland' } },
  'GET /static/{path}': { params: { path: 'style.css' } },
};

function requestFor(path: string, op: Operation, doc: Schema, key: string, broken?: Parameter) {
  const override = OVERRIDES[key] ?? {};
  let url = path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const p of op.parameters ?? []) {
    const value = p === broken ? 'not-a-number' : (override.params?.[p.name] ?? sample(p.schema, doc));
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(String(value)));
    else if (p.in === 'query' && (p.required || p === broken))
      for (const one of [value].flat()) query.append(p.name, String(one));
    else if (p.in === 'header' && p.required) headers[p.name] = String(value);
  }
  let body: RequestBody | undefined;
  const [mediaType, media] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
  if (mediaType === 'application/json' && media) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(override.body ?? sample(media.schema, doc));
  } else if (media) {
    body = formBody(mediaType as string, resolve(media.schema, doc), doc);
  }
  const qs = query.toString();
  return { url: qs ? `${url}?${qs}` : url, headers, body };
}

type RequestBody = string | URLSearchParams | FormData;

/**
 * A form body (urlencoded or multipart; fetch sets its content-type) with a sampled value per
 * property, repeated for arrays; binary strings (file fields) as small files.
 */
function formBody(mediaType: string, schema: Schema, doc: Schema): URLSearchParams | FormData {
  const form = mediaType === 'multipart/form-data' ? new FormData() : new URLSearchParams();
  for (const [name, prop] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
    const field = resolve(prop, doc);
    const item = field.type === 'array' ? resolve(field.items as Schema, doc) : field;
    const values = field.type === 'array' ? [0, 1] : [0];
    for (const i of values) {
      if (item.format === 'binary' && form instanceof FormData)
        form.append(name, new Blob([`file ${i}`]), `f${i}.txt`);
      else form.append(name, String(sample(item, doc)));
    }
  }
  return form;
}

/** A body the route refuses with 422: JSON of the wrong shape, or a form with no fields. */
function invalidBody(op: Operation): { body: RequestBody; headers: Record<string, string> } {
  const mediaType = Object.keys(op.requestBody?.content ?? {})[0];
  if (mediaType === 'multipart/form-data') return { body: new FormData(), headers: {} };
  if (mediaType === 'application/x-www-form-urlencoded') return { body: new URLSearchParams(), headers: {} };
  return { body: JSON.stringify([]), headers: { 'content-type': 'application/json' } };
}

/** A parameter whose value must parse as a number: sending text there is a 422. */
function numericParameter(op: Operation, doc: Schema): Parameter | undefined {
  return (op.parameters ?? []).find((p) =>
    ['integer', 'number'].includes(String(resolve(p.schema, doc).type)),
  );
}

async function checkAnswer(t: Test, doc: Schema, key: string, op: Operation, res: Response, ajv: Ajv2020) {
  const documented = op.responses[String(res.status)];
  const text = await res.text();
  if (!documented) {
    t.fail(
      `${key}: status ${res.status} is not in the document (${Object.keys(op.responses).join(', ')}): ${text.slice(0, 200)}`,
    );
    return;
  }
  const type = (res.headers.get('content-type') ?? '').split(';')[0] as string;
  const content = documented.content?.[type] ?? (documented.content ? undefined : null);
  if (content === undefined) {
    t.fail(
      `${key} ${res.status}: content-type ${type} is not documented (${Object.keys(documented.content ?? {})})`,
    );
    return;
  }
  if (content === null) {
    t.pass(`${key} ${res.status}: documented (no model)`);
    return;
  }
  const check = ajv.compile({ ...content.schema, components: doc.components });
  const ok = check(JSON.parse(text));
  t.ok(ok, `${key} ${res.status}: body matches the document's schema`, {
    errors: check.errors,
    body: text.slice(0, 300),
  });
}

t.test('the served document passes an OpenAPI 3.1 validator', async (t) => {
  const res = await api.inject({ url: '/openapi.json' });
  t.equal(res.status, 200);
  t.match(res.headers['content-type'], /^application\/json/);
  const result = await validate(res.json() as never);
  t.ok(result.valid, result.valid ? 'valid' : compileErrors(result));
  t.teardown(() => api.close());
});

for (const [engine, start] of engines) {
  t.test(`${engine}: every documented route answers as documented`, async (t) => {
    const server = await start();
    t.teardown(() => server.close({ graceMs: 500 }));
    const docRes = await fetch(`${server.url}/openapi.json`);
    t.equal(docRes.status, 200);
    const doc = (await docRes.json()) as Schema & { paths: Record<string, Record<string, Operation>> };
    t.equal(doc.openapi, '3.1.0');
    const yaml = await fetch(`${server.url}/openapi.yaml`);
    t.match(yaml.headers.get('content-type'), /^application\/yaml/);
    t.match(await yaml.text(), /^openapi: 3\.1\.0\n/);

    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const token = await fetch(`${server.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'wonderland' }),
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    const credentials: Record<string, Record<string, string>> = {
      bearerAuth: { authorization: `Bearer ${token.access_token}` },
      apiKeyAuth: { 'x-api-key': process.env.API_KEY ?? 'dev-key' },
    };

    let operations = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method.toUpperCase()} ${path}`;
        operations++;
        const valid = requestFor(path, op, doc, key);
        const auth = Object.assign(
          {},
          ...Object.keys(op.security?.[0] ?? {}).map((s) => credentials[s] ?? {}),
        );
        const res = await fetch(server.url + valid.url, {
          method: method.toUpperCase(),
          headers: { ...valid.headers, ...auth },
          body: valid.body,
        });
        t.ok(res.status >= 200 && res.status < 300, `${key}: valid inputs answer 2xx (got ${res.status})`);
        await checkAnswer(t, doc, key, op, res, ajv);

        if (op.security?.length) {
          const anonymous = await fetch(server.url + valid.url, {
            method: method.toUpperCase(),
            headers: valid.headers,
            body: valid.body,
          });
          t.equal(anonymous.status, 401, `${key}: without credentials`);
          await checkAnswer(t, doc, key, op, anonymous, ajv);
        }
        if (op.responses['422']) {
          const numeric = numericParameter(op, doc);
          const wrong = invalidBody(op);
          const invalid = numeric
            ? requestFor(path, op, doc, key, numeric)
            : { ...valid, body: wrong.body, headers: { ...valid.headers, ...wrong.headers } };
          const res422 = await fetch(server.url + invalid.url, {
            method: method.toUpperCase(),
            headers: { ...invalid.headers, ...auth },
            body: invalid.body,
          });
          t.equal(res422.status, 422, `${key}: invalid input`);
          await checkAnswer(t, doc, key, op, res422, ajv);
        }
      }
    }
    t.ok(operations >= 15, `walked ${operations} operations`);
  });
}
