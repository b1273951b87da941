// Native forms against their JS hooks, in one run: GET /auth/me with the JWT checked in Rust
// (native form `jwt`) vs in JS (this engine with nativeForms: false) vs an unauthenticated route,
// a refused token both ways, and a memory rate limit both ways. wrk, one thread, 50 connections,
// 127.0.0.1. Usage: tsx bench/native-forms.ts [seconds]
import { spawn } from 'node:child_process';
import { nodeTransport } from '@bolt/core/node';
import { rustTransport } from '../src/index.js';
import { authApp, limitedApp, signer } from '../test/fixtures/auth-app.js';

const secs = Number(process.argv[2] ?? 5);
const opts = { host: '127.0.0.1', port: 0 };
const LIMIT = { limit: 1e12, windowMs: 86_400_000 };
const native = await rustTransport.listen(authApp({ limit: LIMIT }).compile(), opts);
const js = await rustTransport.listen(authApp({ limit: LIMIT }).compile(), { ...opts, nativeForms: false });
const bare = await rustTransport.listen(authApp().compile(), { ...opts, nativeForms: false });
const node = await nodeTransport.listen(authApp().compile(), opts);
const limitedNative = await rustTransport.listen(limitedApp(LIMIT).compile(), opts);
const limitedJs = await rustTransport.listen(limitedApp(LIMIT).compile(), { ...opts, nativeForms: false });
const token = await signer.sign({ roles: ['admin', 'user'] }, { subject: 'alice' });
const auth = `Authorization: Bearer ${token}`;

function wrk(port: number, path: string, header?: string): Promise<number> {
  const args = ['-t1', '-c50', `-d${secs}s`, ...(header ? ['-H', header] : []), `http://127.0.0.1:${port}${path}`];
  return new Promise((resolve) => {
    const c = spawn('wrk', args);
    let out = '';
    c.stdout.on('data', (d) => {
      out += d;
    });
    c.on('close', () => {
      if (/Non-2xx/.test(out) && !header?.includes('bad')) process.stderr.write(`non-2xx answers on ${path}\n`);
      resolve(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0));
    });
  });
}

const runs: [string, number, string, string?][] = [
  ['rust, jwt + rate limit native: GET /auth/me', native.port, '/auth/me', auth],
  ['rust, jwt + rate limit in JS: GET /auth/me', js.port, '/auth/me', auth],
  ['rust, no auth plugin at all: GET /public', bare.port, '/public'],
  ['rust, native: GET /public (rate limit only)', native.port, '/public'],
  ['rust, JS: GET /public (rate limit only)', js.port, '/public'],
  ['rust, native: refused token (401)', native.port, '/auth/me', 'Authorization: Bearer bad.token.x'],
  ['rust, JS: refused token (401)', js.port, '/auth/me', 'Authorization: Bearer bad.token.x'],
  ['node:http, JS: GET /auth/me (no limiter)', node.port, '/auth/me', auth],
  ['rust, memory rate limit native: GET /limited', limitedNative.port, '/limited'],
  ['rust, memory rate limit in JS: GET /limited', limitedJs.port, '/limited'],
];
const results: Record<string, number> = {};
for (const [name, port, path, header] of runs) {
  await wrk(port, path, header); // warm-up
  results[name] = await wrk(port, path, header);
  console.log(`${name.padEnd(50)} ${results[name].toFixed(0).padStart(8)} req/s`);
}
const r = (a: string, b: string) => ((results[runs[Number(a)]![0]] ?? 0) / (results[runs[Number(b)]![0]] ?? 1)).toFixed(2);
console.log(`native /auth/me vs JS /auth/me: x${r('0', '1')}`);
console.log(`native /auth/me vs /public without auth: x${r('0', '2')}`);
console.log(`JS /auth/me vs /public without auth: x${r('1', '2')}`);
console.log(`native refused vs JS refused: x${r('5', '6')}`);
console.log(`native rate limit vs JS rate limit: x${r('8', '9')}`);
await Promise.all([native, js, bare, node, limitedNative, limitedJs].map((s) => s.close({ graceMs: 200 })));
