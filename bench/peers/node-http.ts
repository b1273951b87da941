/** node:http, hand-written: the floor any Node framework on node:http builds on. */
import { createServer, type ServerResponse } from 'node:http';
import { answerGet, answerWithBody, type HandAnswer } from './shared/hand-routes.js';
import { HOST, PORT } from './shared/listen-address.js';

function send(res: ServerResponse, answer: HandAnswer): void {
  res.writeHead(answer.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(answer.body),
  });
  res.end(answer.body);
}

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (req.method === 'GET') {
    const answer = answerGet(path, new URLSearchParams(q === -1 ? '' : url.slice(q + 1)));
    if (answer instanceof Promise) answer.then((a) => send(res, a));
    else send(res, answer);
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () =>
    send(res, answerWithBody(req.method ?? '', path, Buffer.concat(chunks).toString('utf8'))),
  );
});

server.keepAliveTimeout = 65_000;
server.listen(PORT, HOST, () => console.log(`node-http listening on http://${HOST}:${PORT}`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
