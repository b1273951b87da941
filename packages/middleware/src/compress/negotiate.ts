/** Picks a content coding from `accept-encoding` by q-value (RFC 9110 12.5.3): br over gzip on a tie. */

export type Encoding = 'br' | 'gzip';

/** The coding to use among `offered` (in order of preference), or undefined for identity. */
export function negotiate(accept: string | undefined, offered: readonly Encoding[]): Encoding | undefined {
  if (!accept) return undefined;
  const q = new Map<string, number>();
  for (const item of accept.split(',')) {
    const [token = '', ...params] = item.split(';');
    const name = token.trim().toLowerCase();
    if (!name) continue;
    let weight = 1;
    for (const param of params) {
      const [k, v] = param.split('=');
      if (k?.trim().toLowerCase() === 'q') {
        const parsed = Number(v?.trim());
        weight = Number.isFinite(parsed) ? Math.min(1, Math.max(0, parsed)) : 0;
      }
    }
    q.set(name === 'x-gzip' ? 'gzip' : name, weight);
  }
  const wildcard = q.get('*');
  let best: Encoding | undefined;
  let bestQ = 0;
  for (const coding of offered) {
    const weight = q.get(coding) ?? wildcard ?? 0;
    // Strictly greater: on equal weights the earlier (preferred) coding stays.
    if (weight > bestQ) {
      best = coding;
      bestQ = weight;
    }
  }
  return best;
}
