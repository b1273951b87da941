// Raw uWebSockets.js answering the example's bodies by hand: the ceiling Bolt is measured against.
import { loadNative } from '../../dist/load-native.js';

const { uws } = loadNative();
const port = Number(process.env.PORT ?? 8000);
const app = uws.App();
app.get('/', (res) => {
  res.writeHeader('content-type', 'application/json').end('{"Hello":"World"}');
});
app.get('/items/:id', (res, req) => {
  const q = req.getQuery('q');
  const body = JSON.stringify({ item_id: Number(req.getParameter(0)), q: q === '' ? null : q });
  res.writeHeader('content-type', 'application/json').end(body);
});
app.put('/items/:id', (res, req) => {
  const id = Number(req.getParameter(0));
  const chunks = [];
  res.onAborted(() => {
    res.aborted = true;
  });
  res.onData((chunk, last) => {
    chunks.push(Buffer.from(new Uint8Array(chunk)));
    if (!last) return;
    const item = JSON.parse(Buffer.concat(chunks).toString());
    if (!res.aborted) {
      res.cork(() => {
        res.writeHeader('content-type', 'application/json').end(JSON.stringify({ item_name: item.name, item_id: id }));
      });
    }
  });
});
app.listen('127.0.0.1', port, (socket) => {
  if (!socket) process.exit(1);
  console.log('ready');
});
