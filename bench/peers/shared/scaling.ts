/**
 * The scaling rows' data: JSON payloads of about 1, 10 and 100 KB (responses and request bodies),
 * and apps with 10 or 1,000 routes. Deterministic, so every contender serves the same bytes.
 */
import { type Static, Type } from '@sinclair/typebox';

/** One record of a payload. */
export const PayloadRecord = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  price: Type.Number(),
  tags: Type.Array(Type.String()),
  active: Type.Boolean(),
});
export type PayloadRecord = Static<typeof PayloadRecord>;

/** A payload response (`GET /payload/{kb}`) and request body (`POST /payload`). */
export const Payload = Type.Object({ records: Type.Array(PayloadRecord) });
export type Payload = Static<typeof Payload>;

/** Payload sizes in KB. */
export const PAYLOAD_KB = [1, 10, 100] as const;

/** Records until the JSON reaches `kb` KiB. */
export function payload(kb: number): Payload {
  const records: PayloadRecord[] = [];
  let size = 14;
  for (let i = 0; size < kb * 1024; i++) {
    const record = {
      id: i,
      name: `record number ${i}`,
      price: Math.round(i * 137.5) / 100,
      tags: ['alpha', 'beta', i % 2 === 0 ? 'even' : 'odd'],
      active: i % 3 !== 0,
    };
    records.push(record);
    size += JSON.stringify(record).length + 1;
  }
  return { records };
}

/** Built once per server: `kb` -> payload. */
export const PAYLOADS: ReadonlyMap<number, Payload> = new Map(PAYLOAD_KB.map((kb) => [kb, payload(kb)]));

/** How many `GET /r{i}/{id}` routes a scaling server registers (env BENCH_ROUTES, default 10). */
export function routeCount(): number {
  return Number(process.env.BENCH_ROUTES ?? 10);
}
