/**
 * The `ws` package's echo server as its README shows it (a WebSocketServer on a node:http server,
 * no per-message deflate): the usual WebSocket server on Node. `GET /` answers like the example app
 * so the runner can tell it is up; `WS /ws/echo` sends every message back as it came.
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { HELLO } from './shared/items.js';
import { HOST, PORT } from './shared/listen-address.js';

const hello = JSON.stringify(HELLO);
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(hello);
});
const wss = new WebSocketServer({ server, path: '/ws/echo', perMessageDeflate: false });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});

server.listen(PORT, HOST, () => console.log(`ws listening on ws://${HOST}:${PORT}/ws/echo`));
process.once('SIGTERM', () => process.exit(0));
