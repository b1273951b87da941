/**
 * Raw uWebSockets.js WebSocket echo, hand-written with `app.ws`: the ceiling for WebSockets on uWS.
 * The addon is loaded the way @bolt/transport-uws loads it (native build only). `GET /` answers like
 * the example app so the runner can tell it is up; `WS /ws/echo` sends every message back as it came.
 */
import { loadNative } from '@bolt/transport-uws';
import { HELLO } from './shared/items.js';
import { HOST, PORT } from './shared/listen-address.js';

const { uws } = loadNative();
const hello = JSON.stringify(HELLO);

const app = uws.App();
app.ws('/ws/echo', {
  compression: uws.DISABLED,
  maxPayloadLength: 1024 * 1024,
  idleTimeout: 120,
  message(ws, message, isBinary) {
    ws.send(message, isBinary);
  },
});
app.get('/', (res) => {
  res.cork(() => {
    res.writeHeader('content-type', 'application/json');
    res.end(hello);
  });
});

app.listen(HOST, PORT, (socket) => {
  if (!socket) {
    console.error(`uws-raw-ws could not listen on ${HOST}:${PORT}`);
    process.exit(1);
  }
  console.log(`uws-raw-ws listening on ws://${HOST}:${PORT}/ws/echo`);
});
process.once('SIGTERM', () => process.exit(0));
