/** Conformance: routing, binding, response kinds and the success paths of the error table. */
import type { Test } from 'tap';
import type { CaseContext } from '../index.js';
import { exchange } from '../raw-http.js';

export async function testRouting(t: Test, { server }: CaseContext): Promise<void> {
  const get = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);

  let res = await get('/');
  t.equal(res.status, 200, 'GET / is 200');
  t.match(res.headers.get('content-type'), /^application\/json/);
  t.same(await res.json(), { Hello: 'World' });

  res = await get('/items/42?q=hello');
  t.same(await res.json(), { item_id: 42, q: 'hello' }, 'path int and query bound');

  res = await get('/items/7');
  t.same(await res.json(), { item_id: 7, q: null }, 'optional query absent');

  res = await get('/items/7', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Foo', price: 1.5 }),
  });
  t.equal(res.status, 200);
  t.same(await res.json(), { item_name: 'Foo', item_id: 7 }, 'JSON body bound');

  res = await get('/params/%E2%9C%93%20ok');
  t.same(await res.json(), { value: '✓ ok' }, 'percent-encoded unicode param decoded');

  res = await get('/params/a%2Fb');
  t.same(await res.json(), { value: 'a/b' }, 'encoded slash stays inside its segment');

  res = await get('/files/a/b/c.txt');
  t.same(await res.json(), { path: 'a/b/c.txt' }, 'catch-all takes the rest of the path');

  res = await get('/query?tag=a&tag=b&n=3');
  t.same(await res.json(), { tag: ['a', 'b'], n: 3 }, 'repeated query keys become an array');

  res = await get('/query?tag=%C3%A9t%C3%A9+x');
  t.same(await res.json(), { tag: ['été x'] }, 'query values percent- and plus-decoded');

  res = await get('/headers', { headers: { 'x-token': 'abc', cookie: 'session=s1; other=2' } });
  t.same(await res.json(), { token: 'abc', session: 's1' }, 'typed header and cookie bound');

  res = await get('/model');
  t.same(await res.json(), { id: 1, name: 'a' }, 'response model drops undeclared fields');

  res = await get('/text');
  t.match(res.headers.get('content-type'), /^text\/plain/);
  t.equal(await res.text(), 'plain text', 'string goes out as text/plain');

  res = await get('/bytes');
  t.equal(res.headers.get('content-type'), 'application/octet-stream');
  t.same([...new Uint8Array(await res.arrayBuffer())], [0, 1, 2, 255], 'bytes go out as octet-stream');

  res = await get('/created', { method: 'POST' });
  t.equal(res.status, 201, 'json() helper status');
  t.equal(res.headers.get('location'), '/created/1', 'json() helper headers');

  res = await get('/teapot');
  t.equal(res.status, 418, 'HTTPError status');
  t.equal(res.headers.get('x-teapot'), 'yes', 'HTTPError headers');
  t.same(await res.json(), { detail: 'I am a teapot' });

  res = await get('/nope');
  t.equal(res.status, 404, 'unknown path is 404');
  t.same(await res.json(), { detail: 'Not Found' });

  res = await get('/', { method: 'DELETE' });
  t.equal(res.status, 405, 'wrong method is 405');
  t.equal(res.headers.get('allow'), 'GET, HEAD, OPTIONS', '405 carries Allow');
  t.same(await res.json(), { detail: 'Method Not Allowed' });

  const head = await exchange(server.port, 'HEAD / HTTP/1.1\r\nHost: x\r\n\r\n', 1, { headOnly: true });
  t.equal(head.responses[0]?.status, 200, 'HEAD on a GET route is 200');
  t.equal(head.responses[0]?.headers['content-length'], '17', 'HEAD reports the GET body length');

  // The GET pipelined after the HEAD parses only if the HEAD answer carried no body bytes.
  const headThenGet = await exchange(
    server.port,
    'HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET /items/5 HTTP/1.1\r\nHost: x\r\n\r\n',
    2,
    { headOnly: [true, false] },
  );
  t.equal(headThenGet.responses[1]?.status, 200, 'the GET pipelined after a HEAD is answered');
  t.equal(
    headThenGet.responses[1]?.body.toString(),
    '{"item_id":5,"q":null}',
    'HEAD sends no body (the next response starts right after its head)',
  );

  res = await get('/items/1', { method: 'OPTIONS' });
  t.equal(res.status, 204, 'OPTIONS answered automatically');
  t.equal(res.headers.get('allow'), 'GET, HEAD, OPTIONS, PUT');
}
