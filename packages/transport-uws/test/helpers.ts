/** Small HTTP helpers for the tests: one request per fresh connection, so SO_REUSEPORT can spread them. */
import { request } from 'node:http';

export interface Reply {
  status: number;
  body: string;
}

/** GET `url` on a new connection (no keep-alive agent). */
export function getFresh(url: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Who answered: `pid:thread`. */
export async function whoami(url: string): Promise<string> {
  const reply = await getFresh(`${url}/whoami`);
  const { pid, thread } = JSON.parse(reply.body) as { pid: number; thread: number };
  return `${pid}:${thread}`;
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` every `everyMs` until it holds or `timeoutMs` has passed; resolves with its last
 * result. A deadline in time, not a number of attempts: on a busy CI machine every attempt is slower.
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  { timeoutMs = 30_000, everyMs = 50 } = {},
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(everyMs);
  }
}

/**
 * Asks `url/whoami` in rounds of 10 fresh connections until `count` distinct threads have answered
 * or `timeoutMs` has passed; resolves with every `pid:thread` seen.
 */
export async function answerers(url: string, count: number, timeoutMs = 30_000): Promise<Set<string>> {
  const seen = new Set<string>();
  await until(
    async () => {
      for (const id of await Promise.all(Array.from({ length: 10 }, () => whoami(url)))) seen.add(id);
      return seen.size >= count;
    },
    { timeoutMs, everyMs: 100 },
  );
  return seen;
}
