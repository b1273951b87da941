/**
 * The WebSocket echo bench without load: its knobs, the ratios within runs, the table, and the
 * one-message echo check against real servers (an echo server passes, a plain HTTP one does not).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { WebSocketServer } from 'ws';
import { echoOnce, parseWsEchoOptions, renderWsEcho, type WsRow, wsRatio } from '../src/ws-echo.js';

const row = (server: string, rates: number[], cpu: number[]): WsRow => ({
  server,
  label: server,
  status: 'ok',
  runs: rates.map((messagesPerS, i) => ({
    messagesPerS,
    cpuUsPerMessage: cpu[i]!,
    peakRssMb: 50,
    errors: 0,
  })),
});

t.test('knobs come from flags over the environment', async (t) => {
  const o = parseWsEchoOptions(['-c', '16', '--servers', 'bolt-uws,ws', '--no-pin'], {
    K: '4',
    RUNS: '2',
    C: '99',
  });
  t.match(o, {
    connections: 16,
    inFlight: 4,
    runs: 2,
    servers: ['bolt-uws', 'ws'],
    pin: false,
    durationS: 3,
  });
  t.throws(() => parseWsEchoOptions(['--servers', 'nope']), /unknown server nope/);
  t.throws(() => parseWsEchoOptions(['-k', '0']), /in-flight must be a positive number/);
});

t.test('ratios are the median of the ratios within each run', async (t) => {
  const a = row('a', [200, 90, 300], [1, 2, 3]);
  const b = row('b', [100, 100, 100], [2, 2, 2]);
  t.equal(wsRatio(a, b), 2); // 2, 0.9, 3
  t.equal(wsRatio(a, b, 'cpu'), 1); // 2, 1, 0.67
  t.equal(wsRatio(a, { ...b, status: 'failed', runs: [] }), undefined);
});

t.test('the table shows every server, its ratios, and why one was not measured', async (t) => {
  const rows = [
    row('bolt-uws', [180], [5]),
    {
      server: 'bolt-rust',
      label: 'bolt-rust',
      status: 'skipped' as const,
      reason: 'not built | here',
      runs: [],
    },
    row('uws-raw', [200], [4]),
    row('ws', [100], [10]),
  ];
  const md = renderWsEcho(rows, parseWsEchoOptions([], {}));
  t.match(md, /\| bolt-uws \| 180 \| 180–180 \| 5\.00 \| 50 \| 0\.90x \| 1\.80x \| 0\.80x \| 2\.00x \| 0 \|/);
  t.match(md, /\| bolt-rust \| skipped: not built \\\| here \|/);
});

t.test('echoOnce passes an echo server and names what a plain HTTP server answered', async (t) => {
  const echo = createServer();
  const wss = new WebSocketServer({ server: echo, path: '/ws/echo' });
  wss.on('connection', (ws) => ws.on('message', (d, binary) => ws.send(d, { binary })));
  const plain = createServer((_req, res) => res.writeHead(404).end());
  for (const s of [echo, plain]) await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  t.teardown(() => {
    wss.close();
    echo.close();
    plain.close();
  });
  const url = (s: typeof echo) => `ws://127.0.0.1:${(s.address() as AddressInfo).port}/ws/echo`;
  t.equal(await echoOnce(url(echo)), undefined);
  t.equal(await echoOnce(url(plain)), 'upgrade answered 404');
});
