/** helmet's defaults on every answer over real sockets, error answers included; HSTS only behind TLS. */
import { BoltAPI, HTTPError, html } from '@bolt/core';
import t from 'tap';
import { securityHeaders, trustProxy } from '../src/index.js';
import { onEveryEngine, request } from './engines.js';

function app() {
  const api = new BoltAPI({ plugins: [trustProxy(), securityHeaders()] });
  api.get('/', () => ({ Hello: 'World' }));
  api.get('/page', () => html('<h1>docs</h1>'));
  api.get('/boom', () => {
    throw new Error('boom');
  });
  api.get('/own', () => html('x', { headers: { 'x-frame-options': 'DENY' } }));
  api.get('/teapot', () => {
    throw new HTTPError(418);
  });
  return api;
}

const EVERY = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-dns-prefetch-control': 'off',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

onEveryEngine(t, 'every answer, 404 and 500 included', app, async (t, server) => {
  for (const path of ['/', '/missing', '/boom', '/teapot']) {
    const res = await request(server, path);
    t.match(res.headers, EVERY, `${path} (${res.status})`);
    t.equal(res.headers['strict-transport-security'], undefined, 'no HSTS over plain HTTP');
    t.equal(res.headers['content-security-policy'], undefined, 'no CSP on JSON');
  }
  const page = await request(server, '/page');
  t.match(page.headers['content-security-policy'], /default-src 'self'/, 'CSP on HTML');
  const own = await request(server, '/own');
  t.equal(own.headers['x-frame-options'], 'DENY', "a route's own value wins");
  const tls = await request(server, '/', {
    headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' },
  });
  t.equal(
    tls.headers['strict-transport-security'],
    'max-age=31536000; includeSubDomains',
    'HSTS behind a TLS proxy',
  );
});

t.test('headers can be turned off or changed', async (t) => {
  const api = new BoltAPI({
    plugins: [securityHeaders({ frameOptions: false, referrerPolicy: 'same-origin' })],
  });
  api.get('/', () => 'x');
  const res = await api.inject({ url: '/' });
  t.equal(res.headers['x-frame-options'], undefined);
  t.equal(res.headers['referrer-policy'], 'same-origin');
  t.throws(() => securityHeaders({ referrerPolicy: 'a\r\nb' }), {
    code: 'BOLT_ERR_MIDDLEWARE_OPTION_INVALID',
  });
});
