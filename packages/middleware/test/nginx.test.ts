/**
 * The recommended deployment, for real on loopback: nginx (Debian's package) in front of two Bolt
 * instances on different ports (standing in for two machines) that share one Redis. Proves the
 * spread, the global rate limit, the client address through trustProxy, and that SIGTERM on one
 * instance loses no request while its /ready answers 503 (nginx retries on the other instance).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@bolt/core/runtime';
import t from 'tap';

const redisUrl = process.env.BOLT_TEST_REDIS_URL;
const nginxBin = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => {
  try {
    execFileSync(p, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
if (!redisUrl || !nginxBin) {
  t.fail(
    'needs BOLT_TEST_REDIS_URL and nginx: run through scripts/redis/with-redis.sh (scripts/run-tests.sh does)',
  );
  process.exit(1);
}
t.setTimeout(120_000);

const work = mkdtempSync(join(tmpdir(), 'bolt-nginx-'));
const prefix = `bolt:lb:${process.pid}:${Date.now()}`;
const tsx = import.meta.resolve('tsx');
const fixture = new URL('./fixtures/lb-instance.ts', import.meta.url).pathname;

function startInstance(name: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', tsx, fixture], {
    env: { ...process.env, INSTANCE: name, PORT: String(port), REDIS_URL: redisUrl, REDIS_PREFIX: prefix },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`instance ${name} exited with ${code} before listening`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve(child);
    });
  });
}

function nginxConf(listen: number, a: number, b: number): string {
  return `worker_processes 1;
daemon off;
pid ${work}/nginx.pid;
error_log ${work}/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${work}/body;
  proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi;
  uwsgi_temp_path ${work}/uwsgi;
  scgi_temp_path ${work}/scgi;
${upstreamBlock(a, b)}
  server {
    listen 127.0.0.1:${listen};
${locationBlock()}
  }
}
`;
}

/** The upstream and location blocks: the same text the README recommends. */
function upstreamBlock(a: number, b: number): string {
  return `  upstream bolt {
    server 127.0.0.1:${a} max_fails=1 fail_timeout=5s;
    server 127.0.0.1:${b} max_fails=1 fail_timeout=5s;
    keepalive 32;
  }`;
}
function locationBlock(): string {
  return `    location / {
      proxy_pass http://bolt;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 2;
    }`;
}

/** A GET through nginx from 127.0.0.2, so the client's address differs from nginx's own. */
function get(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; instance: string; body: string }>((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, headers, localAddress: '127.0.0.2', agent: false },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, instance: String(res.headers['x-instance'] ?? ''), body }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** A GET straight to an instance, on a connection of its own. */
function directGet(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(-1));
    req.end();
  });
}

t.test('nginx + two Bolt instances + one Redis', async (t) => {
  for (const dir of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(work, dir));
  const [portA, portB, portLb] = [await freePort(), await freePort(), await freePort()] as [
    number,
    number,
    number,
  ];
  const a = await startInstance('a', portA);
  const b = await startInstance('b', portB);
  writeFileSync(join(work, 'nginx.conf'), nginxConf(portLb, portA, portB));
  const nginx = spawn(nginxBin as string, ['-p', work, '-c', join(work, 'nginx.conf')], { stdio: 'inherit' });
  t.teardown(() => {
    for (const child of [a, b, nginx]) if (child.exitCode === null) child.kill('SIGKILL');
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await get(portLb, '/health')).status === 200) break;
    } catch {}
    if (Date.now() > deadline) throw new Error('nginx did not answer within 20 s');
    await new Promise((r) => setTimeout(r, 100));
  }

  const seen = new Set<string>();
  for (let i = 0; i < 20; i++) seen.add((await get(portLb, '/whoami')).instance);
  t.same([...seen].sort(), ['a', 'b'], 'requests are spread over both instances');

  const who = JSON.parse((await get(portLb, '/whoami', { 'x-forwarded-for': '6.6.6.6' })).body);
  t.equal(who.ip, '127.0.0.2', "the client's address through trustProxy; a spoofed entry is ignored");

  const limited = [];
  for (let i = 0; i < 7; i++) limited.push(await get(portLb, '/limited'));
  t.same(
    limited.map((r) => r.status),
    [200, 200, 200, 200, 200, 429, 429],
    'the sixth request is 429',
  );
  t.same(new Set(limited.map((r) => r.instance)).size, 2, 'both instances answered: the count is global');

  // During the drain only connections that were already open can reach the instance. A request in
  // flight keeps the drain open; a request whose head is finished after SIGTERM then learns from
  // /ready that the instance is going away.
  // Long enough to still be running at SIGTERM on a loaded machine (the drain waits for it).
  const slow = directGet(portA, '/slow?ms=4000');
  const probe = connect(portA, '127.0.0.1');
  let probeAnswer = '';
  probe.on('data', (c: Buffer) => {
    probeAnswer += c.toString();
  });
  probe.on('error', (e) => {
    probeAnswer += `error ${e.message}`;
  });
  await new Promise((r) => probe.once('connect', r));
  probe.write('GET /ready HTTP/1.1\r\nHost: a\r\n');

  let stop = false;
  const statuses: number[] = [];
  const load = Array.from({ length: 8 }, async () => {
    while (!stop)
      statuses.push(
        await get(portLb, '/slow?ms=50').then(
          (r) => r.status,
          () => -1,
        ),
      );
  });
  await new Promise((r) => setTimeout(r, 1000));
  const exited = new Promise<number | null>((r) => a.once('exit', (code) => r(code)));
  a.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 100));
  probe.write('\r\n');
  await new Promise((r) => setTimeout(r, 1500));
  stop = true;
  await Promise.all(load);
  t.equal(await slow, 200, 'the request in flight at SIGTERM was answered');
  t.match(probeAnswer, /^HTTP\/1\.1 503/, '/ready answers 503 during the drain');
  t.match(probeAnswer, /\{"status":"draining"\}$/);
  probe.destroy();
  t.equal(await exited, 0, 'the instance drained and exited 0');
  t.ok(statuses.length > 20, `${statuses.length} requests during the switch-over`);
  t.same(
    statuses.filter((s) => s !== 200),
    [],
    'no request lost',
  );
  const after = new Set<string>();
  for (let i = 0; i < 6; i++) after.add((await get(portLb, '/whoami')).instance);
  t.same([...after], ['b'], 'nginx sends everything to the instance left');
  nginx.kill('SIGQUIT');
  b.kill('SIGTERM');
});
