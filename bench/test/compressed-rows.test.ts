/**
 * The compressed rows' plumbing without load: the answer check reads the bytes a real server sent
 * and decodes br and gzip itself (an answer that is not encoded as asked is wrong), the row's
 * headers reach wrk as -H, and only contenders that compress take part.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import t from 'tap';
import { HUNDRED_ITEMS } from '../peers/shared/items.js';
import { checkAnswer } from '../src/check-answer.js';
import { CONTENDERS, rowSkip } from '../src/contenders.js';
import { TABLE_ENDPOINTS } from '../src/endpoints.js';
import { takesPart } from '../src/run-bench.js';
import { wrkArgs } from '../src/wrk.js';

const br = TABLE_ENDPOINTS.find((e) => e.id === 'items100-br')!;
const gzip = TABLE_ENDPOINTS.find((e) => e.id === 'items100-gzip')!;
const plain = TABLE_ENDPOINTS.find((e) => e.id === 'items100')!;

/** A server answering /items100 encoded as `encode` says, recording each request's headers. */
async function serve(
  t: { teardown(fn: () => Promise<void>): void },
  encode: (json: Buffer) => { body: Buffer; encoding?: string },
) {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    const { body, encoding } = encode(Buffer.from(JSON.stringify(HUNDRED_ITEMS)));
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      ...(encoding ? { 'content-encoding': encoding } : {}),
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

t.test('a br row decodes a br answer and sends accept-encoding: br', async (t) => {
  const { url, seen } = await serve(t, (json) => ({ body: brotliCompressSync(json), encoding: 'br' }));
  t.same(await checkAnswer(url, br), { kind: 'ok' });
  t.equal(seen[0]!['accept-encoding'], 'br');
});

t.test('a gzip row decodes a gzip answer', async (t) => {
  const { url, seen } = await serve(t, (json) => ({ body: gzipSync(json), encoding: 'gzip' }));
  t.same(await checkAnswer(url, gzip), { kind: 'ok' });
  t.equal(seen[0]!['accept-encoding'], 'gzip');
});

t.test('an answer not compressed, or compressed otherwise, is wrong on a compressed row', async (t) => {
  const identity = await serve(t, (json) => ({ body: json }));
  const verdict = await checkAnswer(identity.url, br);
  t.equal(verdict.kind, 'wrong');
  t.match((verdict as { reason: string }).reason, 'content-encoding "", expected "br"');
  const gzipped = await serve(t, (json) => ({ body: gzipSync(json), encoding: 'gzip' }));
  t.match(await checkAnswer(gzipped.url, br), { kind: 'wrong', reason: /"gzip", expected "br"/ });
});

t.test('a body that says br but is not br is wrong', async (t) => {
  const { url } = await serve(t, (json) => ({ body: json, encoding: 'br' }));
  t.match(await checkAnswer(url, br), { kind: 'wrong', reason: /not valid br/ });
});

t.test('a compressed answer to a row that did not ask for one is wrong', async (t) => {
  const { url, seen } = await serve(t, (json) => ({ body: gzipSync(json), encoding: 'gzip' }));
  t.match(await checkAnswer(url, plain), { kind: 'wrong', reason: /was not asked for/ });
  t.equal(seen[0]!['accept-encoding'], undefined);
});

t.test('a down server is down, not wrong', async (t) => {
  const { url } = await serve(t, (json) => ({ body: json }));
  const closed = url.replace(/:\d+$/, ':1');
  t.equal((await checkAnswer(closed, plain)).kind, 'down');
});

t.test("a row's headers reach wrk as -H before the script", async (t) => {
  const args = wrkArgs(
    {
      url: 'http://127.0.0.1:1/items100',
      method: 'GET',
      connections: 8,
      threads: 1,
      durationS: 2,
      headers: br.headers!,
    },
    '/tmp/x.lua',
  );
  const h = args.indexOf('-H');
  t.ok(h >= 0, args.join(' '));
  t.equal(args[h + 1], 'accept-encoding: br');
  t.ok(h < args.indexOf('-s'));
  t.equal(args.at(-1), 'http://127.0.0.1:1/items100');
  t.notOk(wrkArgs({ url: 'u', method: 'GET', connections: 1, threads: 1, durationS: 1 }, 's').includes('-H'));
  t.throws(() =>
    wrkArgs(
      { url: 'u', method: 'GET', connections: 1, threads: 1, durationS: 1, headers: { a: 'b\r\nc: d' } },
      's',
    ),
  );
});

t.test('the compressed rows take the contenders that compress; the others say why not', async (t) => {
  const serving = (e: typeof br) => CONTENDERS.filter((c) => !rowSkip(c, e)).map((c) => c.id);
  t.same(serving(br), ['bolt-uws', 'bolt-rust', 'bolt-node', 'bolt-rust-bare', 'fastify', 'express']);
  t.same(serving(gzip), [
    'bolt-uws',
    'bolt-rust',
    'bolt-node',
    'bolt-rust-bare',
    'fastify',
    'hono',
    'express',
  ]);
  const native = CONTENDERS.find((c) => c.id === 'bolt-rust-bare')!;
  t.ok(takesPart(native, br));
  t.notOk(takesPart(native, plain), 'Rust without batteries: the compressed and cost rows only');
  t.match(rowSkip(CONTENDERS.find((c) => c.id === 'uws-raw')!, br), /hand-written/);
  t.match(rowSkip(CONTENDERS.find((c) => c.id === 'hono')!, br), /no br/);
  t.equal(rowSkip(CONTENDERS.find((c) => c.id === 'uws-raw')!, plain), undefined);
});
