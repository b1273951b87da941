/**
 * Seeded malformed and mutated requests: valid requests to the conformance app (none of which is
 * ever answered 5xx), each bent by one to four mutations that a parser must survive (bytes flipped,
 * inserted, dropped, duplicated, cut; line endings, versions, methods and header counts changed).
 * The same seed gives the same cases, so a failure is reproduced by its seed and index.
 */
import fc from 'fast-check';

const json = JSON.stringify({ name: 'fuzz', price: 1.5, is_offer: true });

/** The requests mutated: every one answers 2xx or 4xx as sent. */
export const FUZZ_BASES: readonly string[] = [
  'GET / HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET /items/42?q=abc HTTP/1.1\r\nHost: x\r\nAccept: */*\r\nUser-Agent: fuzz\r\n\r\n',
  `PUT /items/7 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n${json}`,
  'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"a":\r\n6\r\n[1,2]}\r\n0\r\n\r\n',
  'GET /headers HTTP/1.1\r\nHost: x\r\nX-Token: t\r\nCookie: session=s1; other=2\r\n\r\n',
  'GET /query?tag=a&tag=b&n=3 HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n',
  'GET /params/%E2%9C%93 HTTP/1.1\r\nHost: x\r\n\r\n',
  'OPTIONS /items/1 HTTP/1.1\r\nHost: x\r\n\r\n',
  'DELETE / HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET /text HTTP/1.1\r\nHost: x\r\n\r\n',
];

/** Byte strings that sit on a parser's edges. */
const INSERTS: readonly string[] = [
  '\r\n',
  '\n',
  '\r',
  '\0',
  ' ',
  '\t',
  ':',
  '%',
  '%00',
  '%zz',
  '/../',
  '\x7f',
  '\xff',
  '"',
  '?',
  '#',
  '\r\n\r\n',
  'Content-Length: 5\r\n',
  'Content-Length: -1\r\n',
  'Content-Length: 99999999999999999999\r\n',
  'Content-Length: 0\r\nContent-Length: 3\r\n',
  'Transfer-Encoding: chunked\r\n',
  'Transfer-Encoding: gzip\r\n',
  'Expect: 100-continue\r\n',
  'Connection: close\r\n',
  'Host: y\r\n',
  'X_Under: 1\r\n',
  ' folded\r\n',
  'ffffffffffffffff\r\n',
  'x'.repeat(300),
];

const VERSIONS = [
  'HTTP/1.0',
  'HTTP/2.0',
  'HTTP/1.10',
  'HTTP/9',
  'http/1.1',
  'HTTP/1.1 ',
  'HTTP1.1',
  '',
] as const;
const METHODS = [
  'get',
  'GETT',
  'G ET',
  'PATCH',
  'CONNECT',
  'TRACE',
  'PRI',
  'X'.repeat(40),
  '',
  '\x01',
] as const;
const LINE_ENDINGS = ['\n', '\r', '\r\r\n', '\n\r'] as const;

/** One mutation; `at` values are reduced modulo the request's length when applied. */
export type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'line-ending'; to: string }
  | { kind: 'version'; to: string }
  | { kind: 'method'; to: string }
  | { kind: 'headers'; count: number; name: string };

const position = fc.nat({ max: 1 << 20 });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('flip' as const), at: position, byte: fc.nat({ max: 255 }) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: position,
      text: fc.constantFrom(...INSERTS),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      at: position,
      length: fc.integer({ min: 1, max: 12 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('duplicate' as const),
      at: position,
      length: fc.integer({ min: 1, max: 40 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('line-ending' as const), to: fc.constantFrom(...LINE_ENDINGS) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('version' as const), to: fc.constantFrom(...VERSIONS) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('method' as const), to: fc.constantFrom(...METHODS) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('headers' as const),
      count: fc.integer({ min: 20, max: 120 }),
      name: fc.constantFrom('X-Many', 'x_many', 'X-Many '),
    }),
  },
);

/** A case as generated: which base, and the mutations applied to it in order. */
export interface FuzzCase {
  base: number;
  mutations: Mutation[];
}

const fuzzCase: fc.Arbitrary<FuzzCase> = fc.record({
  base: fc.nat({ max: FUZZ_BASES.length - 1 }),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
});

function apply(text: string, m: Mutation): string {
  const at = 'at' in m ? m.at % (text.length + 1) : 0;
  switch (m.kind) {
    case 'flip':
      return text.slice(0, at) + String.fromCharCode(m.byte) + text.slice(at + 1);
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'duplicate':
      return text.slice(0, at + m.length) + text.slice(at, at + m.length) + text.slice(at + m.length);
    case 'truncate':
      return text.slice(0, Math.max(1, at));
    case 'line-ending':
      return text.replaceAll('\r\n', m.to);
    case 'version':
      return text.replace('HTTP/1.1', m.to);
    case 'method':
      return m.to + text.slice(text.indexOf(' '));
    case 'headers': {
      const end = text.indexOf('\r\n') + 2;
      const many = Array.from({ length: m.count }, (_, i) => `${m.name}${i}: ${i}\r\n`).join('');
      return end > 1 ? text.slice(0, end) + many + text.slice(end) : text + many;
    }
  }
}

/** The bytes of one case. */
export function caseBytes(c: FuzzCase): Buffer {
  return Buffer.from(c.mutations.reduce(apply, FUZZ_BASES[c.base] as string), 'latin1');
}

/** `count` cases from `seed`: the same arguments always give the same cases. */
export function fuzzCases(seed: number, count: number): FuzzCase[] {
  return fc.sample(fuzzCase, { seed, numRuns: count });
}
