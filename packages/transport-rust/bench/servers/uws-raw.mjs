// Raw uWebSockets.js with hand-written routes: the ceiling for a server on uWS. The addon is loaded
// the way @bolt/transport-uws loads it (native build, never the JS fallback).
const { loadNative } = await import(new URL('../../../transport-uws/dist/index.js', import.meta.url).href);
const { uws } = loadNative();

const json = (res, status, body) =>
  res.cork(() => {
    res.writeStatus(status);
    res.writeHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  });

const withBody = (res, handle) => {
  const chunks = [];
  let aborted = false;
  res.onAborted(() => {
    aborted = true;
  });
  res.onData((chunk, last) => {
    chunks.push(Buffer.from(chunk.slice(0)));
    if (!last || aborted) return;
    try {
      json(res, '200 OK', handle(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    } catch {
      json(res, '400 Bad Request', { detail: 'Bad Request' });
    }
  });
};

uws
  .App()
  .get('/', (res) => json(res, '200 OK', { Hello: 'World' }))
  .get('/items/:id', (res, req) => {
    const q = new URLSearchParams(req.getQuery() ?? '').get('q');
    json(res, '200 OK', { item_id: Number(req.getParameter(0)), q });
  })
  .put('/items/:id', (res, req) => {
    const id = Number(req.getParameter(0));
    withBody(res, (b) => ({ item_name: b.name, item_id: id }));
  })
  .post('/bench/parse', (res) => withBody(res, (b) => ({ ok: true, n: b.items.length, count: b.count })))
  .listen('127.0.0.1', Number(process.env.PORT ?? 8000), (socket) => {
    if (!socket) process.exit(1);
    console.log('uws-raw listening');
  });
