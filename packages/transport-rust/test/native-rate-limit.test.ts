// The native form `rate-limit` (@bolt/middleware's rateLimit() with its memory store) counted in
// Rust: over real sockets, the same requests pass and the same one is refused as on node:http,
// with the same 429 and the same `ratelimit-*` headers, and a refused request never enters JS.
// Windows are a day long, so none ends during a run (`ratelimit-reset` is compared as a number of
// seconds within the window, since two servers may read the clock a second apart).
import t, { type Test } from 'tap';
import { authApp, calls, limitedApp, signer } from './fixtures/auth-app.js';
import { type Answer, ask, jsEntries, serveThree } from './fixtures/differential.js';

const DAY = 86_400_000;

/**
 * The answer with its reset seconds replaced by a mark, after checking they are sane, and its
 * header lines grouped by name (a stable sort): Rust's header map writes a repeated name's values
 * together, on every answer of this engine, so two limiters' headers are not interleaved there;
 * the order of each name's values, the one that carries meaning, is kept.
 */
function settled(t: Test, answer: Answer): Answer {
  const headers = answer.headers.map(([name, value]): [string, string] => {
    if (name !== 'ratelimit-reset' && name !== 'retry-after') return [name, value];
    const seconds = Number(value);
    t.ok(
      Number.isInteger(seconds) && seconds >= 1 && seconds <= DAY / 1000,
      `${name} ${value} is within the window`,
    );
    return [name, '<reset>'];
  });
  const first = new Map<string, number>();
  for (const [i, [name]] of headers.entries()) if (!first.has(name)) first.set(name, i);
  const at = (name: string) => first.get(name) ?? 0;
  return { ...answer, headers: headers.sort(([a], [b]) => at(a) - at(b)) };
}

for (const algorithm of ['fixed', 'sliding'] as const) {
  t.test(`${algorithm} window, keyed by the client address: Rust counts as JS does`, async (t) => {
    const servers = await serveThree(t, () => limitedApp({ limit: 3, windowMs: DAY, algorithm }));
    for (let i = 1; i <= 5; i++) {
      const want = settled(t, await ask(servers.node, '/limited'));
      const before = { js: jsEntries.count, handlers: calls.handlers, hooks: calls.hooks };
      const got = settled(t, await ask(servers.native, '/limited'));
      const after = { js: jsEntries.count, handlers: calls.handlers, hooks: calls.hooks };
      t.same(got, want, `request ${i}: the answer node:http gives`);
      t.same(
        settled(t, await ask(servers.jsOnRust, '/limited')),
        want,
        `request ${i}: as with nativeForms: false`,
      );
      t.equal(got.status, i <= 3 ? 200 : 429, `request ${i}: ${i <= 3 ? 200 : 429}`);
      if (i <= 3)
        t.same(
          after,
          { ...before, js: before.js + 1, handlers: before.handlers + 1 },
          'JS ran the handler, no limiter hook',
        );
      else t.same(after, before, `request ${i}: refused without entering JavaScript`);
    }
    // The root's limiter sees unmatched requests too (JS runs root hooks on them): 404 counted, then 429.
    const servers2 = await serveThree(t, () => limitedApp({ limit: 1, windowMs: DAY, algorithm }));
    for (const path of ['/nowhere', '/limited', '/nowhere']) {
      const want = settled(t, await ask(servers2.node, path));
      t.same(settled(t, await ask(servers2.native, path)), want, `${path}: as node:http answers`);
    }
  });
}

t.test('a limiter on a sub-API, keyed by a header, after the root one and with a JWT check', async (t) => {
  const servers = await serveThree(t, () =>
    authApp({ limit: { limit: 7, windowMs: DAY }, subLimit: { limit: 2, windowMs: DAY } }),
  );
  const token = await signer.sign({ roles: ['user'] }, { subject: 'bob' });
  const sequence: [string, string[]][] = [
    ['/auth/me', [`Authorization: Bearer ${token}`, 'x-client: a']],
    ['/auth/me', ['x-client: a']],
    ['/auth/me', [`Authorization: Bearer ${token}`, 'x-client: a']],
    ['/auth/me', [`Authorization: Bearer ${token}`, 'x-client: a']],
    ['/auth/me', [`Authorization: Bearer ${token}`, 'x-client: b']],
    ['/auth/me', [`Authorization: Bearer ${token}`]],
    ['/public', []],
    ['/public', []],
  ];
  const statuses: number[] = [];
  for (const [i, [path, headers]] of sequence.entries()) {
    const want = settled(t, await ask(servers.node, path, headers));
    const before = jsEntries.count;
    const got = settled(t, await ask(servers.native, path, headers));
    t.same(got, want, `request ${i + 1} (${path} ${headers.join(', ')}): as node:http answers`);
    statuses.push(got.status);
    if (got.status >= 400 && got.status !== 403) t.equal(jsEntries.count, before, `request ${i + 1}: no JS`);
  }
  // Root: 7 per client; sub-API: 2 per x-client after the token check (no header: not limited).
  t.same(statuses, [200, 401, 200, 429, 200, 200, 200, 429]);
});
