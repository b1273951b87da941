// WebSocket echo servers for ws-echo.bench.mjs, one per process: `node ws-echo-servers.mjs <name>`.
// Each echoes every message on /echo, prints `ready <port>` and runs until killed.
import { BoltAPI } from '@bolt/core';
import { WebSocketServer } from 'ws';
import { loadNative } from '../../dist/load-native.js';
import { serve as serveUws } from '../../dist/index.js';

const host = '127.0.0.1';
const name = process.argv[2];

function boltApi() {
  const api = new BoltAPI();
  api.ws('/echo', {
    message(ws, data) {
      ws.send(data);
    },
  });
  return api;
}

async function start() {
  switch (name) {
    case 'bolt-uws':
      return (await serveUws(boltApi(), { host, port: 0, handleSignals: false })).port;
    case 'bolt-node': {
      const { serve } = await import('@bolt/core/node');
      return (await serve(boltApi(), { host, port: 0, handleSignals: false })).port;
    }
    case 'uws-raw': {
      const { uws } = loadNative();
      const app = uws.App();
      app.ws('/echo', { maxPayloadLength: 1024 * 1024, idleTimeout: 120, message: (ws, m, b) => ws.send(m, b) });
      return new Promise((resolve) => app.listen(host, 0, (s) => resolve(uws.us_socket_local_port(s))));
    }
    case 'ws': {
      const wss = new WebSocketServer({ host, port: 0, perMessageDeflate: false });
      wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
      return new Promise((resolve) => wss.on('listening', () => resolve(wss.address().port)));
    }
    default:
      throw new Error(`unknown server ${name}: bolt-uws, bolt-node, uws-raw or ws`);
  }
}

console.log(`ready ${await start()}`);
