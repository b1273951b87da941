/** A normal request every 500 ms on a new connection while a run goes on; records every miss. */
import { sendRaw } from './send-raw.js';

/** A normal request that was not answered 200 in time. */
export interface HealthMiss {
  /** ms since the watch started. */
  at: number;
  got: number[] | 'no answer';
}

export function watchHealth(
  port: number,
  everyMs = 500,
  answerWithinMs = 5000,
): { stop(): Promise<HealthMiss[]> } {
  const started = Date.now();
  const misses: HealthMiss[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const at = Date.now() - started;
      const out = await sendRaw(port, Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), {
        idleMs: answerWithinMs,
        maxMs: answerWithinMs,
        firstResponse: true,
      });
      if (out.statuses[0] !== 200)
        misses.push({ at, got: out.statuses.length > 0 ? out.statuses : 'no answer' });
      if (running) await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return misses;
    },
  };
}
