/**
 * Picks a free TCP port, for servers that must all listen on one port but were asked for port 0.
 *
 * The port is probed and released, and the servers bind it a moment later. A port the OS hands
 * out for port 0 comes from the ephemeral range, where every outgoing connection on the machine
 * also takes its local port, so one of those could take it in that moment. The pick is therefore
 * made below the ephemeral range, where only explicit binds go.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Lowest port tried: above the well-known and the commonly configured service ports. */
const LOWEST = 10_000;
const ATTEMPTS = 50;

/** A port that was free on `host` a moment ago, outside the range the OS assigns on its own. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const ceiling = ephemeralRangeStart() - 1;
  if (ceiling > LOWEST) {
    for (let i = 0; i < ATTEMPTS; i++) {
      const port = LOWEST + Math.floor(Math.random() * (ceiling - LOWEST + 1));
      if (await canListen(port, host)) return port;
    }
  }
  return probe(0, host); // no room below the range (or all taken): let the OS pick
}

/** First port of the kernel's ephemeral range (Linux); 32768, its default, elsewhere. */
function ephemeralRangeStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    return Number(low) || 32_768;
  } catch {
    return 32_768;
  }
}

async function canListen(port: number, host: string): Promise<boolean> {
  try {
    return (await probe(port, host)) === port;
  } catch {
    return false;
  }
}

/** Listens on `port` (0: any), closes, and resolves with the port that was bound. */
function probe(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(bound));
    });
  });
}
