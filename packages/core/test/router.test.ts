/** The router on its own: static by map, dynamic by trie, precedence, 405 Allow lists. */
import t from 'tap';
import { parsePathPattern } from '../src/router/path-pattern.js';
import { Router } from '../src/router/router.js';

const router = new Router<string>();
const add = (method: string, path: string) => router.add(method, parsePathPattern(path), `${method} ${path}`);
add('GET', '/');
add('GET', '/users/');
add('GET', '/users/me');
add('GET', '/users/{id}');
add('DELETE', '/users/{id}');
add('GET', '/users/{id}/posts/:post');
add('GET', '/static/{path...}');
add('GET', '/a/{x}/c');
add('GET', '/a/b/d');

t.test('matches', async (t) => {
  t.match(router.match('GET', '/'), { kind: 'found', route: 'GET /' });
  t.match(
    router.match('GET', '/users/'),
    { kind: 'found', route: 'GET /users/' },
    'trailing slash is its own route',
  );
  t.match(router.match('GET', '/users/me'), { kind: 'found', route: 'GET /users/me' }, 'static beats param');
  t.match(router.match('GET', '/users/42'), { kind: 'found', route: 'GET /users/{id}', params: ['42'] });
  t.match(router.match('GET', '/users/42/posts/7'), { kind: 'found', params: ['42', '7'] }, ':name segments');
  t.match(
    router.match('GET', '/static/css/site.css'),
    { kind: 'found', params: ['css/site.css'] },
    'catch-all',
  );
  t.match(
    router.match('GET', '/a/b/c'),
    { kind: 'found', route: 'GET /a/{x}/c', params: ['b'] },
    'backtracks from a dead static branch',
  );
  t.match(
    router.match('HEAD', '/users/1'),
    { kind: 'found', route: 'GET /users/{id}' },
    'HEAD falls back to GET',
  );
});

t.test('misses', async (t) => {
  t.match(router.match('GET', '/nope'), { kind: 'not-found' });
  t.match(router.match('GET', '/users/1/posts'), { kind: 'not-found' });
  t.match(router.match('POST', '/users/1'), {
    kind: 'method-not-allowed',
    allow: 'DELETE, GET, HEAD, OPTIONS',
  });
  t.match(router.match('POST', '/'), { kind: 'method-not-allowed', allow: 'GET, HEAD, OPTIONS' });
});

t.test('the same method twice at one path is refused', async (t) => {
  t.equal(add('GET', '/users/{other}'), false);
  t.equal(add('POST', '/users/{other}'), true);
});

t.test('patterns', async (t) => {
  t.equal(parsePathPattern('/a/:b/{c...}').pattern, '/a/{b}/{c...}');
  t.same(parsePathPattern('/a/:b/{c...}').paramNames, ['b', 'c']);
  t.throws(() => parsePathPattern('/a/{b}/{b}'));
  t.throws(() => parsePathPattern('/a/x{b}'));
  t.throws(() => parsePathPattern('/a/{1b}'));
});
