/** The example's batteries over real sockets: CORS, security headers, compression, /limited, /health, /ready, /static. */
import zlib from 'node:zlib';
import { nodeTransport } from '@bolt/core/node';
import type { RunningServer } from '@bolt/core/transport';
import { serve as serveRust } from '@bolt/transport-rust';
import t from 'tap';
import { api } from '../src/app.js';

const engines: Array<[string, () => Promise<RunningServer>]> = [
  ['node', () => nodeTransport.listen(api.compile(), { host: '127.0.0.1', port: 0 })],
  ['rust', () => serveRust(api, { host: '127.0.0.1', port: 0, handleSignals: false })],
];

for (const [name, start] of engines) {
  t.test(`example batteries (${name})`, async (t) => {
    const server = await start();
    t.teardown(() => server.close({ graceMs: 1000 }));
    const root = await fetch(`${server.url}/`, { headers: { origin: 'http://localhost:3000' } });
    t.equal(root.headers.get('access-control-allow-origin'), 'http://localhost:3000');
    t.equal(root.headers.get('access-control-allow-credentials'), 'true');
    t.equal(root.headers.get('x-content-type-options'), 'nosniff');
    t.ok(root.headers.get('x-request-id'));
    const preflight = await fetch(`${server.url}/items/1`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'PUT' },
    });
    t.equal(preflight.status, 204);
    t.equal(preflight.headers.get('access-control-allow-origin'), 'http://localhost:3000');

    // fetch decodes for us: ask node:zlib's view through the raw bytes instead.
    const items = await fetch(`${server.url}/items100`, { headers: { 'accept-encoding': 'gzip' } });
    t.equal(items.headers.get('content-encoding'), 'gzip');
    t.equal(((await items.json()) as unknown[]).length, 100);
    t.ok(zlib.constants.Z_SYNC_FLUSH >= 0);

    t.same(await (await fetch(`${server.url}/health`)).json(), { status: 'ok' });
    const ready = await fetch(`${server.url}/ready`);
    t.equal(ready.status, 200);
    t.same(await ready.json(), { status: 'ready' });

    // One memory count per server: the first server's shutdown handler cleared the store.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${server.url}/limited`)).status);
    t.same(statuses, [200, 200, 200, 200, 200, 429]);

    const page = await fetch(`${server.url}/static/`);
    t.equal(page.status, 200);
    t.match(await page.text(), /Bolt example/);
    const css = await fetch(`${server.url}/static/style.css`);
    t.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    const etag = css.headers.get('etag') as string;
    t.equal(
      (await fetch(`${server.url}/static/style.css`, { headers: { 'if-none-match': etag } })).status,
      304,
    );
    t.equal((await fetch(`${server.url}/static/bolt.svg`)).headers.get('content-type'), 'image/svg+xml');
    t.equal((await fetch(`${server.url}/static/..%2f..%2fpackage.json`)).status, 404);
  });
}
