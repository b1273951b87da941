/**
 * Raw uWebSockets.js, hand-written: the ceiling for any server on uWS. The addon is loaded the way
 * @bolt/transport-uws loads it (native build only, never the JS fallback).
 */
import { loadNative } from '@bolt/transport-uws';
import type { HttpResponse } from '@trufflesuite/uws-js-unofficial';
import { answerGet, answerWithBody, type HandAnswer } from './shared/hand-routes.js';
import { HOST, PORT } from './shared/listen-address.js';

const { uws } = loadNative();

function send(res: HttpResponse, answer: HandAnswer): void {
  res.cork(() => {
    res.writeStatus(answer.status === 200 ? '200 OK' : String(answer.status));
    res.writeHeader('content-type', 'application/json');
    res.end(answer.body);
  });
}

const app = uws.App();
app.any('/*', (res, req) => {
  const method = req.getCaseSensitiveMethod();
  const path = req.getUrl();
  if (method === 'GET') {
    const answer = answerGet(path, new URLSearchParams(req.getQuery() ?? ''));
    if (!(answer instanceof Promise)) return send(res, answer);
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    answer.then((a) => aborted || send(res, a));
    return;
  }
  const chunks: Buffer[] = [];
  res.onAborted(() => {
    chunks.length = 0;
  });
  res.onData((chunk, last) => {
    chunks.push(Buffer.from(chunk.slice(0)));
    if (last) send(res, answerWithBody(method, path, Buffer.concat(chunks).toString('utf8')));
  });
});

app.listen(HOST, PORT, (socket) => {
  if (!socket) {
    console.error(`uws-raw could not listen on ${HOST}:${PORT}`);
    process.exit(1);
  }
  console.log(`uws-raw listening on http://${HOST}:${PORT}`);
});
process.once('SIGTERM', () => process.exit(0));
