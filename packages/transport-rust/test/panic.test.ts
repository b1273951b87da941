// A Rust panic while handling a request becomes a 500 and a log line, never a process abort.
import t from 'tap';
import { serve } from '../src/index.js';
import { api } from './fixtures/probe-app.js';

t.test('a panic inside the request task answers 500 and the server keeps serving', async (t) => {
  const server = await serve(api, { port: 0, debugPanics: true });
  t.teardown(() => server.close({ graceMs: 1000 }));
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`${server.url}/`, { headers: { 'x-bolt-debug-panic': '1' } });
    t.equal(res.status, 500, `panic ${i + 1} is a 500`);
    t.equal(await res.text(), '{"detail":"Internal Server Error"}', 'with Bolt public body');
    const ok = await fetch(`${server.url}/`);
    t.equal(ok.status, 200, 'next request served');
    await ok.arrayBuffer();
  }
});

t.test('the panic header does nothing unless debugPanics is on', async (t) => {
  const server = await serve(api, { port: 0 });
  t.teardown(() => server.close({ graceMs: 1000 }));
  const res = await fetch(`${server.url}/`, { headers: { 'x-bolt-debug-panic': '1' } });
  t.equal(res.status, 200);
  await res.arrayBuffer();
});
