/**
 * Sends an endpoint's request once and says whether the answer is the one every contender must give.
 * node:http rather than fetch: fetch decodes compressed bodies itself, and a compressed row must
 * see the bytes the server sent (and decode them here) to prove it compressed at all.
 */
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { ContentEncoding, Endpoint } from './endpoints.js';

/** `ok`, a wrong answer (`wrong`, with why), or no answer yet (`down`: refused, reset). */
export type Verdict = { kind: 'ok' } | { kind: 'wrong'; reason: string } | { kind: 'down'; reason: string };

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function send(baseUrl: string, endpoint: Endpoint): Promise<RawAnswer> {
  const body = endpoint.body === undefined ? undefined : JSON.stringify(endpoint.body);
  return new Promise((resolve, reject) => {
    const req = request(
      baseUrl + endpoint.path,
      {
        method: endpoint.method,
        headers: {
          'user-agent': 'bolt-bench-check',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...endpoint.headers,
        },
        timeout: 5000,
        agent: false, // one connection per check, closed after it: nothing kept open on a server we stop
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.once('error', reject);
      },
    );
    req.once('timeout', () =>
      req.destroy(Object.assign(new Error('no answer within 5 s'), { code: 'TIMEOUT' })),
    );
    req.once('error', reject);
    req.end(body);
  });
}

/** The body decoded as `content-encoding` says, or why it is not the encoding the row asked for. */
export function decodeBody(
  body: Buffer,
  contentEncoding: string | undefined,
  expected: ContentEncoding | undefined,
): Buffer | string {
  const got = (contentEncoding ?? '').trim().toLowerCase();
  if (expected === undefined) {
    return got === '' || got === 'identity' ? body : `content-encoding "${got}" was not asked for`;
  }
  if (got !== expected) return `content-encoding "${got}", expected "${expected}"`;
  try {
    return expected === 'br' ? brotliDecompressSync(body) : gunzipSync(body);
  } catch (error) {
    return `body is not valid ${expected}: ${(error as Error).message}`;
  }
}

export async function checkAnswer(baseUrl: string, endpoint: Endpoint): Promise<Verdict> {
  let answer: RawAnswer;
  try {
    answer = await send(baseUrl, endpoint);
  } catch (error) {
    return { kind: 'down', reason: String((error as { code?: string }).code ?? (error as Error).message) };
  }
  const { status } = answer;
  const type = String(answer.headers['content-type'] ?? '');
  if (!type.startsWith('application/json')) {
    return { kind: 'wrong', reason: `status ${status}, content-type "${type}" is not application/json` };
  }
  const decoded = decodeBody(
    answer.body,
    answer.headers['content-encoding'] as string | undefined,
    endpoint.encoding,
  );
  if (typeof decoded === 'string') return { kind: 'wrong', reason: `status ${status}, ${decoded}` };
  const text = decoded.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'wrong', reason: `status ${status}, body is not JSON: ${text.slice(0, 120)}` };
  }
  const reason = endpoint.check(status, json);
  return reason ? { kind: 'wrong', reason } : { kind: 'ok' };
}
