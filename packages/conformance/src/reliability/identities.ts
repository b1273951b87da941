/**
 * Which processes and worker threads serve a port, from the conformance app's `/pid` answers: a
 * crashed process or thread comes back under a new pid or thread id, so comparing the set before
 * and after a run shows whether anything was replaced.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConformanceTarget } from '../target.js';
import { sendRaw } from './send-raw.js';

/** One answer of `/pid`, or undefined when the request failed. */
export async function askIdentity(port: number): Promise<{ pid: number; thread: number } | undefined> {
  const out = await sendRaw(port, Buffer.from('GET /pid HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), {
    idleMs: 5000,
    maxMs: 5000,
  });
  const body = out.raw.toString('latin1');
  const json = body.slice(body.indexOf('\r\n\r\n') + 4);
  try {
    return JSON.parse(json.slice(json.indexOf('{'), json.lastIndexOf('}') + 1)) as {
      pid: number;
      thread: number;
    };
  } catch {
    return undefined;
  }
}

/**
 * The sorted `pid/thread` identities answering on `port`, asked on new connections until as many
 * as the target runs were seen (or 20 s passed: then what was seen).
 */
export async function processIdentities(port: number, target: ConformanceTarget): Promise<string[]> {
  const expected = (target.topology?.processes ?? 1) * (target.topology?.workers ?? 1);
  const seen = new Set<string>();
  const deadline = Date.now() + 20_000;
  while (seen.size < expected && Date.now() < deadline) {
    const answers = await Promise.all(Array.from({ length: 8 }, () => askIdentity(port)));
    for (const a of answers) if (a) seen.add(`${a.pid}/${a.thread}`);
    if (seen.size < expected) await sleep(10);
  }
  return [...seen].sort();
}
