// Idle and slow connections are closed by Rust (hyper's header read timeout), not by JS timers.
import { openSocket } from '@bolt/conformance';
import t from 'tap';
import { serve } from '../src/index.js';
import { api } from './fixtures/probe-app.js';

const closed = (socket: import('node:net').Socket) =>
  new Promise<string>((resolve) => {
    let data = '';
    socket.on('data', (d) => {
      data += d.toString();
    });
    socket.on('close', () => resolve(data));
    socket.on('error', () => undefined);
  });

t.test('a connection that never finishes its head is closed', async (t) => {
  const server = await serve(api, { port: 0, headersTimeout: 300 });
  t.teardown(() => server.close({ graceMs: 500 }));
  const socket = await openSocket(server.port);
  const done = closed(socket);
  socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
  await done;
  t.pass('closed by the server');
  t.equal((await fetch(`${server.url}/`)).status, 200, 'still serving');
});

t.test('an idle keep-alive connection is closed', async (t) => {
  const server = await serve(api, { port: 0, headersTimeout: 300 });
  t.teardown(() => server.close({ graceMs: 500 }));
  const socket = await openSocket(server.port);
  const done = closed(socket);
  socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  const data = await done;
  t.match(data, /^HTTP\/1\.1 200 OK/, 'the request was answered first');
});
