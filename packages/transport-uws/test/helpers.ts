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
