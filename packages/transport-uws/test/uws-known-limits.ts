/**
 * What uWS 20.30's HTTP parser does before Bolt sees a request, which Bolt therefore cannot
 * answer or refuse: declared to the conformance suite, which pins each one (README, "Known limits").
 */
import type { KnownLimits } from '@bolt/conformance';

export const uwsKnownLimits: KnownLimits = {
  'http10-unanswered':
    'uWS 20.30 parses only HTTP/1.1 request lines: an HTTP/1.0 request never reaches Bolt and is closed at the 10 s idle timeout',
  'underscore-header-unanswered':
    'uWS 20.30 refuses `_` in a header name (a valid RFC 9110 token) while parsing the head, before Bolt sees it',
  'many-headers-unanswered':
    'uWS 20.30 parses at most 48 header fields (Host included); a longer head never reaches Bolt and is closed at the 10 s idle timeout',
  'garbage-unanswered':
    'uWS 20.30 waits for more bytes after a request line it cannot parse and closes at its 10 s idle timeout; Bolt never sees it',
  'missing-host-unanswered':
    'uWS 20.30 closes an HTTP/1.1 head without Host while parsing it (at once; a head with no header at all at its 10 s idle timeout); Bolt never sees it, so cannot answer 400',
  'slow-head-unanswered':
    'Bolt sees a request only once uWS parsed its whole head; uWS closes a trickled head at its 10 s idle timeout without an answer',
  'close-pipelined-unanswered':
    'uWS 20.30 holds every answer in its write buffer until it has parsed the whole read, and uWS.js gives no handle on the connection: answering inside the callback lets uWS answer the pipelined request and keep the connection open, closing inside it loses the first answer. Bolt closes, so nothing is answered twice',
  'duplicate-length-pipelined-unanswered':
    'as close-pipelined-unanswered: the 400 is decided, but when a complete request follows in the same read uWS parses it before the 400 can be written; Bolt closes the connection, so the smuggled request is never answered',
  'chunk-size-leniency':
    'uWS 20.30 reads a chunk size of " 0", "\\t0" or "0\\0" as the last chunk and hands Bolt only the decoded body',
  'ws-invalid-utf8-dropped':
    'uWS 20.30 checks the UTF-8 of text messages itself and, on invalid input, closes the TCP connection without a close frame; the message never reaches Bolt, which cannot send the 1007',
};
