/**
 * The document built from real routes: parameters by location (types, formats, defaults, enums,
 * repeated keys, required), JSON bodies, responses per status, the 422 model on validating routes
 * only, shared models by $id/title, route metadata, hidden routes, security from descriptors and
 * from the `security` option, prefixes of included APIs; and it passes an OpenAPI 3.1 validator.
 */
import { BoltAPI, t, Upload } from '@bolt/core';
import { compileErrors, validate } from '@readme/openapi-parser';
import tap from 'tap';
import { buildDocument, OpenAPIError, OpenAPIErrorCode, type Operation } from '../src/index.js';

const Item = t.Object(
  { name: t.String(), price: t.Number({ minimum: 0 }), tags: t.Array(t.String(), { default: [] }) },
  { $id: 'Item' },
);
const NotFound = t.Object({ detail: t.String() }, { title: 'NotFound' });
const bearer = { name: 'bearerAuth', scheme: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } };

function app() {
  const items = new BoltAPI({ prefix: '/items' });
  items.get(
    '/{item_id}',
    {
      params: t.Object({ item_id: t.Integer({ minimum: 1 }) }),
      query: t.Object({
        q: t.Optional(t.String({ description: 'Search text' })),
        limit: t.Integer({ default: 10 }),
        sort: t.Union([t.Literal('asc'), t.Literal('desc')]),
        tag: t.Array(t.String()),
        since: t.Optional(t.String({ format: 'date-time' })),
      }),
      headers: t.Object({ x_token: t.String() }),
      cookies: t.Object({ session: t.Optional(t.String()) }),
      response: { 200: Item, 404: NotFound },
      summary: 'Read an item',
      description: 'One item by id.',
      tags: ['items'],
      operationId: 'readItem',
    },
    () => ({ name: 'a', price: 1, tags: [] }),
  );
  items.post('/', { body: Item, response: Item, status: 201, deprecated: true }, ({ body }) => body);
  items.put('/{item_id}', { body: Item, response: Item, security: [bearer] }, ({ body }) => body);
  items.get('/plain/{rest...}', ({ params }) => params.rest);
  const api = new BoltAPI({ prefix: '/v1' });
  api.get('/', () => ({ Hello: 'World' }));
  api.get('/secret', { hide: true }, () => 'x');
  // A dependency carrying an auth descriptor, as @bolt/auth's `user` does.
  const user = Object.assign(
    { name: 'user', resolve: () => ({ id: 1 }) },
    {
      openapi: {
        security: [{ bearerAuth: [] }],
        securitySchemes: { bearerAuth: bearer.scheme },
        optional: false,
        responses: [401, 403],
        guards: ['admin'],
      },
    },
  );
  api.get('/me', { deps: { user: user as never } }, () => ({ id: 1 }));
  api.include(items);
  return api;
}

function op(doc: ReturnType<typeof buildDocument>, path: string, method: string): Operation {
  const found = doc.paths[path]?.[method];
  if (!found) throw new Error(`no ${method} ${path} in ${Object.keys(doc.paths).join(', ')}`);
  return found;
}

tap.test('the document passes an OpenAPI 3.1 validator', async (tt) => {
  const doc = buildDocument(app(), {
    info: { title: 'Test', version: '1.2.3' },
    servers: [{ url: 'http://localhost:8000' }],
  });
  const result = await validate(structuredClone(doc) as never);
  tt.ok(result.valid, result.valid ? 'valid' : compileErrors(result));
  tt.equal(doc.openapi, '3.1.0');
  tt.same(doc.info, { title: 'Test', version: '1.2.3' });
  tt.same(doc.servers, [{ url: 'http://localhost:8000' }]);
});

tap.test('paths carry prefixes; hidden routes and automatic HEAD are left out', async (tt) => {
  const doc = buildDocument(app());
  tt.same(Object.keys(doc.paths).sort(), [
    '/v1/',
    '/v1/items/',
    '/v1/items/plain/{rest}',
    '/v1/items/{item_id}',
    '/v1/me',
  ]);
  tt.same(Object.keys(doc.paths['/v1/items/{item_id}'] ?? {}).sort(), ['get', 'put']);
});

tap.test('parameters by location with types, formats, defaults, enums, arrays and required', async (tt) => {
  const doc = buildDocument(app());
  const params = op(doc, '/v1/items/{item_id}', 'get').parameters ?? [];
  const by = (name: string) => params.find((p) => p.name === name);
  tt.same(by('item_id'), {
    name: 'item_id',
    in: 'path',
    required: true,
    schema: { type: 'integer', minimum: 1 },
  });
  tt.same(by('q'), {
    name: 'q',
    in: 'query',
    required: false,
    schema: { type: 'string', description: 'Search text' },
    description: 'Search text',
  });
  tt.same(by('limit'), {
    name: 'limit',
    in: 'query',
    required: false,
    schema: { type: 'integer', default: 10 },
  });
  tt.same(by('sort')?.schema, {
    anyOf: [
      { type: 'string', const: 'asc' },
      { type: 'string', const: 'desc' },
    ],
  });
  tt.same(by('tag'), {
    name: 'tag',
    in: 'query',
    required: true,
    schema: { type: 'array', items: { type: 'string' } },
    style: 'form',
    explode: true,
  });
  tt.same(by('since')?.schema, { type: 'string', format: 'date-time' });
  tt.same(by('x-token'), { name: 'x-token', in: 'header', required: true, schema: { type: 'string' } });
  tt.same(by('session'), { name: 'session', in: 'cookie', required: false, schema: { type: 'string' } });
  const rest = op(doc, '/v1/items/plain/{rest}', 'get').parameters;
  tt.same(rest, [{ name: 'rest', in: 'path', required: true, schema: { type: 'string' } }]);
});

tap.test('bodies, responses per status, shared models and the 422 model', async (tt) => {
  const doc = buildDocument(app());
  const get = op(doc, '/v1/items/{item_id}', 'get');
  tt.same(Object.keys(get.responses).sort(), ['200', '404', '422']);
  tt.same(get.responses['200'], {
    description: 'OK',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
  });
  tt.same(get.responses['404'], {
    description: 'Not Found',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/NotFound' } } },
  });
  tt.same(get.responses['422'], {
    description: 'Validation Error',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPValidationError' } } },
  });
  const post = op(doc, '/v1/items/', 'post');
  tt.same(post.requestBody, {
    required: true,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
  });
  tt.same(Object.keys(post.responses).sort(), ['201', '422'], 'the declared status replaces 200');
  tt.notOk(op(doc, '/v1/', 'get').responses['422'], 'a route without inputs does not answer 422');
  tt.same(op(doc, '/v1/', 'get').responses, { 200: { description: 'OK' } });
  const schemas = doc.components.schemas ?? {};
  tt.same(Object.keys(schemas).sort(), [
    'HTTPError',
    'HTTPValidationError',
    'Item',
    'NotFound',
    'ValidationError',
  ]);
  tt.same(schemas.Item, {
    type: 'object',
    // A defaulted field stays required in the model: responses always carry it.
    required: ['name', 'price', 'tags'],
    properties: {
      name: { type: 'string' },
      price: { type: 'number', minimum: 0 },
      tags: { type: 'array', items: { type: 'string' }, default: [] },
    },
  });
});

tap.test('route metadata: operationId, summary, description, tags, deprecated', async (tt) => {
  const doc = buildDocument(app());
  const get = op(doc, '/v1/items/{item_id}', 'get');
  tt.equal(get.operationId, 'readItem');
  tt.equal(get.summary, 'Read an item');
  tt.equal(get.description, 'One item by id.');
  tt.same(get.tags, ['items']);
  tt.equal(op(doc, '/v1/items/', 'post').deprecated, true);
  tt.equal(op(doc, '/v1/items/', 'post').operationId, 'post_v1_items');
});

tap.test('security from the route option and from auth descriptors', async (tt) => {
  const doc = buildDocument(app());
  tt.same(doc.components.securitySchemes, { bearerAuth: bearer.scheme });
  tt.same(op(doc, '/v1/items/{item_id}', 'put').security, [{ bearerAuth: [] }]);
  const me = op(doc, '/v1/me', 'get');
  tt.same(me.security, [{ bearerAuth: [] }]);
  tt.same(Object.keys(me.responses).sort(), ['200', '401', '403']);
  tt.notOk(op(doc, '/v1/', 'get').security);
  const api = new BoltAPI().get('/x', { security: ['nope'] }, () => 1);
  tt.throws(() => buildDocument(api), { code: OpenAPIErrorCode.SECURITY_SCHEME_UNKNOWN });
});

tap.test('errors: conflicting model names, duplicate operation ids', async (tt) => {
  const a = new BoltAPI()
    .get('/a', { response: t.Object({ a: t.String() }, { title: 'Thing' }) }, () => ({ a: '' }))
    .get('/b', { response: t.Object({ b: t.String() }, { title: 'Thing' }) }, () => ({ b: '' }));
  tt.throws(
    () => buildDocument(a),
    new OpenAPIError(
      OpenAPIErrorCode.SCHEMA_NAME_CONFLICT,
      'GET /b response 200: two different schemas are named "Thing" (by $id or title). Give one of them another $id/title, or share one schema object.',
    ),
  );
  const same = new BoltAPI()
    .get('/a', { response: t.Object({ a: t.String() }, { title: 'Thing' }) }, () => ({ a: '' }))
    .get('/b', { response: t.Object({ a: t.String() }, { title: 'Thing' }) }, () => ({ a: '' }));
  tt.ok(buildDocument(same).components.schemas?.Thing, 'equal schemas with one name share the component');
  const ids = new BoltAPI().get('/a', { operationId: 'x' }, () => 1).get('/b', { operationId: 'x' }, () => 1);
  tt.throws(() => buildDocument(ids), { code: OpenAPIErrorCode.OPERATION_ID_DUPLICATE });
});

tap.test('recursive and referenced schemas become components with $refs', async (tt) => {
  const Node = t.Recursive((Self) => t.Object({ name: t.String(), children: t.Array(Self) }), {
    $id: 'Node',
  });
  const api = new BoltAPI().get('/tree', { response: Node }, () => ({ name: 'root', children: [] }));
  const doc = buildDocument(api);
  tt.same(doc.components.schemas?.Node, {
    type: 'object',
    required: ['name', 'children'],
    properties: {
      name: { type: 'string' },
      children: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
    },
  });
  const result = await validate(structuredClone(doc) as never);
  tt.ok(result.valid, result.valid ? 'valid' : compileErrors(result));
});

tap.test(
  'form and multipart bodies: one content per media type; files as binary; WebSockets left out',
  async (tt) => {
    const api = new BoltAPI();
    const Contact = t.Object({ name: t.String(), email: t.String({ format: 'email' }) });
    api.post('/contact', { body: Contact, contentTypes: ['form', 'json'] }, ({ body }) => body);
    api.post('/avatar', { body: t.Object({ title: t.String(), file: t.Array(Upload()) }) }, () => ({
      ok: true,
    }));
    api.ws('/ws/echo', { message: (ws, data) => void ws.send(data) });
    const doc = buildDocument(api, { info: { title: 'Forms', version: '1' } });
    const contact = doc.paths['/contact']?.post?.requestBody as {
      content: Record<string, { schema: unknown }>;
    };
    tt.same(Object.keys(contact.content), ['application/x-www-form-urlencoded', 'application/json']);
    tt.same(
      contact.content['application/x-www-form-urlencoded']?.schema,
      contact.content['application/json']?.schema,
    );
    const avatar = doc.paths['/avatar']?.post?.requestBody as {
      content: Record<string, { schema: { properties: Record<string, unknown> } }>;
    };
    tt.same(Object.keys(avatar.content), ['multipart/form-data'], 'a body with files is multipart');
    tt.same(avatar.content['multipart/form-data']?.schema.properties.file, {
      type: 'array',
      items: { type: 'string', format: 'binary' },
    });
    tt.notOk(doc.paths['/ws/echo'], 'the WebSocket route is not an operation');
    const result = await validate(structuredClone(doc) as never);
    tt.ok(result.valid, result.valid ? 'valid' : compileErrors(result));
  },
);
