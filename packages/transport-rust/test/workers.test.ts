// workers: W threads behind one Rust listener: requests are spread, and a worker that dies is
// taken out of rotation (its in-flight request answers 500) and replaced by a new thread.
import t from 'tap';
import { serve } from '../src/index.js';

const app = { module: new URL('./fixtures/probe-app.js', import.meta.url), export: 'api' };

interface Who {
  pid: number;
  thread: number;
}

t.test('requests are spread over the worker threads', async (t) => {
  const server = await serve(app, { port: 0, workers: 2 });
  t.teardown(() => server.close({ graceMs: 1000 }));
  const answers = await Promise.all(
    Array.from({ length: 20 }, () => fetch(`${server.url}/who?ms=30`).then((r) => r.json() as Promise<Who>)),
  );
  const threads = new Set(answers.map((a) => a.thread));
  t.equal(threads.size, 2, `both workers answered (${[...threads].join(', ')})`);
  t.notOk(threads.has(0), 'no request ran on the main thread');
});

t.test('a worker that dies is replaced by a new thread', async (t) => {
  const server = await serve(app, { port: 0, workers: 2 });
  t.teardown(() => server.close({ graceMs: 1000 }));
  const ask = () =>
    Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${server.url}/who?ms=30`).then((r) => r.json() as Promise<Who>),
      ),
    ).then((answers) => new Set(answers.map((a) => a.thread)));
  const before = await ask();
  t.equal(before.size, 2, 'two workers answer');
  const died = await fetch(`${server.url}/die`);
  t.equal(died.status, 500, 'the request whose worker died answers 500');
  t.equal(await died.text(), '{"detail":"Internal Server Error"}');
  // Until the replacement is up the survivor answers everything; then two threads again, one new.
  const deadline = Date.now() + 30_000;
  let now = await ask();
  while (!(now.size === 2 && [...now].some((id) => !before.has(id))) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    now = await ask();
  }
  t.equal(now.size, 2, `two workers answer again (${[...now].join(', ')})`);
  t.ok(
    [...now].some((id) => !before.has(id)),
    'one of them is a new thread',
  );
});
