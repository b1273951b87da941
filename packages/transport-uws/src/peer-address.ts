/** The peer address of a uWS request or upgrade, as text. */
import { SocketAddress } from 'node:net';
import type { HttpResponse } from '@trufflesuite/uws-js-unofficial';

type PeerSocket = Pick<HttpResponse, 'getRemoteAddress' | 'getRemoteAddressAsText'>;

/** ASCII bytes (an address as uWS writes it) as a string, without a Buffer view per call. */
function ascii(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]!);
  return text;
}

/**
 * The peer address as text, written as node:http and the Rust engine write it (`127.0.0.1`, `::1`,
 * `::ffff:127.0.0.1`). Each uWS call allocates an ArrayBuffer (1 to 2 µs here, paid by every
 * request an IP-keyed rate limit counts), so an IPv4 peer is read once in binary and written as
 * its dotted quad. uWS writes an IPv6 peer in full (`0000:...:0001`): node's parser shortens it.
 */
export function peerAddress(res: PeerSocket): string {
  const binary = new Uint8Array(res.getRemoteAddress());
  if (binary.length === 4) return `${binary[0]}.${binary[1]}.${binary[2]}.${binary[3]}`;
  const full = ascii(new Uint8Array(res.getRemoteAddressAsText()));
  try {
    return new SocketAddress({ address: full, family: 'ipv6' }).address;
  } catch {
    return full;
  }
}
