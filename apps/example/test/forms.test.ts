/**
 * The example's form endpoints as a client sees them, in memory and over real sockets on node:http,
 * uWS and Rust (which parses multipart itself): POST /forms/contact (urlencoded) and POST /uploads (multipart, 10 MiB per file).
 */
import { createHash } from 'node:crypto';
import { nodeTransport } from '@bolt/core/node';
import { rustTransport } from '@bolt/transport-rust';
import { uwsTransport } from '@bolt/transport-uws';
import t from 'tap';
import { api } from '../src/app.js';

const MiB = 1024 * 1024;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

type Send = (path: string, body: FormData | URLSearchParams) => Promise<{ status: number; json: any }>;

const engines: [string, () => Promise<{ send: Send; close: () => Promise<void> }>][] = [
  [
    'inject',
    async () => ({
      send: async (path, body) => {
        const r = await api.inject({ method: 'POST', url: path, body });
        return { status: r.status, json: r.json() };
      },
      close: async () => undefined,
    }),
  ],
  ...(['node', 'uws', 'rust'] as const).map(
    (name) =>
      [
        name,
        async () => {
          const transport = { node: nodeTransport, uws: uwsTransport, rust: rustTransport }[name];
          const app = api.compile();
          await app.startup();
          const server = await transport.listen(app, { host: '127.0.0.1', port: 0 });
          return {
            send: async (path: string, body: FormData | URLSearchParams) => {
              const r = await fetch(`${server.url}${path}`, { method: 'POST', body });
              return { status: r.status, json: await r.json() };
            },
            close: async () => {
              await server.close({ graceMs: 500 });
              await app.shutdown();
            },
          };
        },
      ] as [string, () => Promise<{ send: Send; close: () => Promise<void> }>],
  ),
];

for (const [name, start] of engines) {
  t.test(name, async (t) => {
    const { send, close } = await start();
    t.teardown(close);

    const contact = await send(
      '/forms/contact',
      new URLSearchParams({ name: 'Ann', email: 'ann@example.com', message: 'Hello there' }),
    );
    t.same(contact, { status: 200, json: { ok: true, name: 'Ann' } });
    const badEmail = await send(
      '/forms/contact',
      new URLSearchParams({ name: 'Ann', email: 'nope', message: '' }),
    );
    t.equal(badEmail.status, 422);
    t.same(
      badEmail.json.detail.map((d: { loc: unknown[] }) => d.loc),
      [['body', 'email']],
    );

    const one = new Uint8Array(3 * MiB).map((_, i) => i % 251);
    const two = new TextEncoder().encode('second file');
    const form = new FormData();
    form.append('title', 'Holiday');
    form.append('file', new Blob([one]), 'one.bin');
    form.append('file', new Blob([two]), 'two.txt');
    const uploads = await send('/uploads', form);
    t.same(uploads, {
      status: 200,
      json: {
        title: 'Holiday',
        files: [
          { filename: 'one.bin', size: one.length, sha256: sha(one) },
          { filename: 'two.txt', size: two.length, sha256: sha(two) },
        ],
      },
    });

    const tooBig = new FormData();
    tooBig.append('title', 'Big');
    tooBig.append('file', new Blob([new Uint8Array(10 * MiB + 1)]), 'big.bin');
    const over = await send('/uploads', tooBig);
    t.same(over, {
      status: 413,
      json: { detail: 'File too large: over the 10 MiB fileSize limit of this route' },
    });
    const noFile = new FormData();
    noFile.append('title', 'Nothing');
    const missing = await send('/uploads', noFile);
    t.equal(missing.status, 422);
    t.same(missing.json.detail[0].loc, ['body', 'file']);
    const asForm = await send('/uploads', new URLSearchParams({ title: 'x' }));
    t.equal(asForm.status, 415);
  });
}
