/**
 * How a published message travels through Redis: one binary-safe buffer carrying the publishing
 * adapter's origin id (so it drops its own echo), the topic, whether it is binary, and the payload
 * bytes as they were (text as UTF-8).
 *
 *   byte 0       format version (1)
 *   byte 1       flags: bit 0 set for a binary message
 *   bytes 2-17   origin id (16 random bytes per adapter instance)
 *   bytes 18-19  topic length in bytes, big-endian
 *   then         topic (UTF-8), then the payload
 */
import type { PubSubMessage } from '@bolt/core';

const VERSION = 1;
const ORIGIN_BYTES = 16;
const HEAD = 2 + ORIGIN_BYTES + 2;

export { ORIGIN_BYTES };

export function encodeEnvelope(origin: Buffer, message: PubSubMessage): Buffer {
  const topic = Buffer.from(message.topic, 'utf8');
  const data =
    typeof message.data === 'string'
      ? Buffer.from(message.data, 'utf8')
      : Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength);
  const out = Buffer.allocUnsafe(HEAD + topic.length + data.length);
  out[0] = VERSION;
  out[1] = message.isBinary ? 1 : 0;
  origin.copy(out, 2);
  out.writeUInt16BE(topic.length, 2 + ORIGIN_BYTES);
  topic.copy(out, HEAD);
  data.copy(out, HEAD + topic.length);
  return out;
}

/** The message and its origin, or undefined for a buffer this format does not describe. */
export function decodeEnvelope(buffer: Buffer): { origin: Buffer; message: PubSubMessage } | undefined {
  if (buffer.length < HEAD || buffer[0] !== VERSION) return undefined;
  const topicLength = buffer.readUInt16BE(2 + ORIGIN_BYTES);
  if (buffer.length < HEAD + topicLength) return undefined;
  const isBinary = ((buffer[1] as number) & 1) === 1;
  const payload = buffer.subarray(HEAD + topicLength);
  return {
    origin: buffer.subarray(2, 2 + ORIGIN_BYTES),
    message: {
      topic: buffer.toString('utf8', HEAD, HEAD + topicLength),
      // A copy: the hub hands binary data to sockets, which may keep it after this buffer is reused.
      data: isBinary ? new Uint8Array(payload) : payload.toString('utf8'),
      isBinary,
    },
  };
}
