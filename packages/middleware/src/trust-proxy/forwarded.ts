/**
 * The hops a request went through, from `forwarded` (RFC 7239) or `x-forwarded-for` /
 * `x-forwarded-proto`, nearest last; the peer address of the socket is the last hop of all.
 */

/** One hop: the address it forwarded for, and the scheme it saw (when it said). */
export interface Hop {
  readonly address: string;
  readonly proto: string | undefined;
}

/** `"[2001:db8::1]:4711"` -> `2001:db8::1`, `"192.0.2.1:80"` -> `192.0.2.1`, quotes dropped. */
export function bareAddress(node: string): string {
  let value = node.trim();
  if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end > 0 ? value.slice(1, end) : value;
  }
  const colon = value.indexOf(':');
  // One colon is host:port; more are a bare IPv6 address.
  if (colon > 0 && value.indexOf(':', colon + 1) === -1) return value.slice(0, colon);
  return value;
}

function fromForwarded(value: string): Hop[] {
  const hops: Hop[] = [];
  for (const element of value.split(',')) {
    let address: string | undefined;
    let proto: string | undefined;
    for (const pair of element.split(';')) {
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const key = pair.slice(0, eq).trim().toLowerCase();
      const raw = pair.slice(eq + 1).trim();
      if (key === 'for') address = bareAddress(raw);
      else if (key === 'proto') proto = raw.replace(/"/g, '').toLowerCase();
    }
    hops.push({ address: address ?? 'unknown', proto });
  }
  return hops;
}

function fromXForwarded(xff: string, xfp: string | undefined): Hop[] {
  const addresses = xff.split(',').map((a) => bareAddress(a));
  const protos = xfp ? xfp.split(',').map((p) => p.trim().toLowerCase()) : [];
  // One value is the usual case: the TLS-terminating proxy set it and the others passed it on.
  if (protos.length <= 1) return addresses.map((address) => ({ address, proto: protos[0] }));
  // One scheme per hop: align from the right (the nearest hop last).
  const offset = addresses.length - protos.length;
  return addresses.map((address, i) => ({
    address,
    proto: i - offset >= 0 ? protos[i - offset] : undefined,
  }));
}

/** The forwarded hops of a request, nearest last, or `[]` when no proxy header is present. */
export function forwardedHops(header: (name: string) => string | undefined): Hop[] {
  const forwarded = header('forwarded');
  if (forwarded) return fromForwarded(forwarded);
  const xff = header('x-forwarded-for');
  if (xff) return fromXForwarded(xff, header('x-forwarded-proto'));
  const proto = header('x-forwarded-proto');
  return proto ? [{ address: '', proto: proto.split(',').at(-1)?.trim().toLowerCase() }] : [];
}
