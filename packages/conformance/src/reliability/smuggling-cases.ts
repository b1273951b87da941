/**
 * Request-smuggling frames: each is one request under the framing RFC 9112 prescribes (or is
 * refused as ambiguous), and hides a second request, `GET /items/666`, under any other reading of
 * its Content-Length and Transfer-Encoding. A server must never answer that second request.
 */
import type { KnownLimit } from '../known-limits.js';

/** The request hidden inside each frame. */
export const SMUGGLED = 'GET /items/666 HTTP/1.1\r\nHost: x\r\n\r\n';
/** What an answer to the hidden request contains. */
export const SMUGGLED_MARK = '"item_id":666';

/** One smuggling frame. */
export interface SmugglingCase {
  name: string;
  bytes: string;
  /** The known limit under which an engine's parser answers the hidden request (pinned when declared). */
  limit?: KnownLimit;
}

const HEAD = 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n';

/** Header lines that say "chunked" to some parsers and something else to others (TE.TE). */
const TRANSFER_ENCODINGS: readonly string[] = [
  'Transfer-Encoding: chunked',
  'Transfer-Encoding: xchunked',
  'Transfer-Encoding : chunked',
  'Transfer-Encoding:\tchunked',
  'Transfer-Encoding: chunked\r\nTransfer-Encoding: x',
  'Transfer-Encoding: x\r\nTransfer-Encoding: chunked',
  'Transfer-Encoding: chunked, identity',
  'Transfer-Encoding: identity, chunked',
  'Transfer-Encoding: gzip, chunked',
  'Transfer-Encoding: CHUNKED',
  'Transfer-Encoding: "chunked"',
  'Transfer-Encoding: chunk',
  'Transfer-Encoding: chunked;q=1',
  'Transfer-Encoding:\r\n chunked',
  'X-Pad: y\nTransfer-Encoding: chunked',
  'Transfer-Encoding: \x0bchunked',
  'Transfer-Encoding: \x0cchunked',
  'Transfer-Encoding: chunked\x00',
];

/**
 * Lines that RFC 9112 does not read as Transfer-Encoding at all (another field name; a line folded
 * into the previous field's value). Only the CL.TE layout is one request for them: in TE.CL the
 * length of 4 is the right framing, and the bytes after it are rightly a second request.
 */
const NOT_TRANSFER_ENCODINGS: readonly string[] = [
  'Transfer_Encoding: chunked',
  'X-Pad: y\r\n Transfer-Encoding: chunked',
];

const hex = (n: number) => n.toString(16);

/** CL.TE: the length covers the hidden request; chunked framing ends before it. */
function clte(te: string, teFirst: boolean): string {
  const body = `0\r\n\r\n${SMUGGLED}`;
  const cl = `Content-Length: ${body.length}`;
  return `${HEAD}${teFirst ? `${te}\r\n${cl}` : `${cl}\r\n${te}`}\r\n\r\n${body}`;
}

/** TE.CL: chunked framing carries the hidden request as chunk data; a length of 4 ends before it. */
function tecl(te: string, teFirst: boolean): string {
  const body = `${hex(SMUGGLED.length)}\r\n${SMUGGLED}\r\n0\r\n\r\n`;
  const cl = `Content-Length: ${hex(SMUGGLED.length).length + 2}`;
  return `${HEAD}${teFirst ? `${te}\r\n${cl}` : `${cl}\r\n${te}`}\r\n\r\n${body}`;
}

/** Content-Length alone, given twice or in forms that one parser reads as 0 and another refuses. */
const LENGTHS: readonly [string, string][] = [
  ['CL.CL 0 then n', `Content-Length: 0\r\nContent-Length: ${SMUGGLED.length}`],
  ['CL.CL n then 0', `Content-Length: ${SMUGGLED.length}\r\nContent-Length: 0`],
  ['CL list 0, n', `Content-Length: 0, ${SMUGGLED.length}`],
  ['CL list n, 0', `Content-Length: ${SMUGGLED.length}, 0`],
  ['CL +0', 'Content-Length: +0'],
  ['CL -0', 'Content-Length: -0'],
  ['CL 0x0', 'Content-Length: 0x0'],
  ['CL 0.0', 'Content-Length: 0.0'],
  ['CL 0 folded n', `Content-Length: 0\r\n ${SMUGGLED.length}`],
  ['CL with space before colon', 'Content-Length : 0'],
];

/** Chunk sizes that one parser reads as the last chunk and another refuses; `true`: leading whitespace or NUL. */
const CHUNK_SIZES: readonly [string, boolean][] = [
  [' 0', true],
  ['\t0', true],
  ['0\x00', true],
  ['+0', false],
  ['-0', false],
  ['0x0', false],
  ['ffffffffffffffff0', false],
  ['1000000000000000000000000000000000', false],
];

/** Every smuggling frame. */
export function smugglingCases(): SmugglingCase[] {
  const cases: SmugglingCase[] = [];
  for (const te of TRANSFER_ENCODINGS) {
    for (const teFirst of [true, false]) {
      const order = teFirst ? 'TE first' : 'CL first';
      cases.push({ name: `CL.TE ${JSON.stringify(te)} ${order}`, bytes: clte(te, teFirst) });
      cases.push({ name: `TE.CL ${JSON.stringify(te)} ${order}`, bytes: tecl(te, teFirst) });
    }
  }
  for (const te of NOT_TRANSFER_ENCODINGS) {
    for (const teFirst of [true, false]) {
      cases.push({
        name: `CL.TE ${JSON.stringify(te)} ${teFirst ? 'TE first' : 'CL first'}`,
        bytes: clte(te, teFirst),
      });
    }
  }
  for (const [name, cl] of LENGTHS) {
    cases.push({ name, bytes: `${HEAD}${cl}\r\n\r\n${SMUGGLED}` });
  }
  for (const [size, lenient] of CHUNK_SIZES) {
    cases.push({
      name: `chunk size ${JSON.stringify(size)}`,
      bytes: `${HEAD}Transfer-Encoding: chunked\r\n\r\n${size}\r\n\r\n${SMUGGLED}`,
      ...(lenient ? { limit: 'chunk-size-leniency' as const } : {}),
    });
  }
  // RFC 9112 section 6.1: chunked framing in HTTP/1.0 is faulty; close after answering.
  cases.push({
    name: 'HTTP/1.0 keep-alive with chunked body',
    bytes: `POST /echo HTTP/1.0\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`,
  });
  return cases;
}
