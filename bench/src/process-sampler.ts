/**
 * Samples a server's process tree (the process and every descendant, for P > 1) from /proc while
 * load runs: peak resident memory, and CPU time used over the run (100% = one core busy), in all
 * and on the JavaScript side alone (every thread but a native engine's, see ENGINE_THREAD).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** What a sampled run used. */
export interface ProcessUsage {
  /** Highest sum of VmRSS over the tree, in MiB. */
  peakRssMb: number;
  /** CPU time over wall time, in percent of one core. */
  cpuPercent: number;
  /** CPU time used, in seconds, by every thread. */
  cpuSeconds: number;
  /**
   * CPU time used by the threads that are not a native engine's (`ENGINE_THREAD`): the JS
   * thread(s) with V8's and libuv's helpers. Equal to `cpuSeconds` for a server with no engine.
   */
  jsCpuSeconds: number;
}

/**
 * Threads of a native HTTP engine, by the name Linux shows (`/proc/<pid>/task/<tid>/comm`):
 * Bolt's Rust engine names its threads `bolt-http`; tokio's default is `tokio-runtime-w`.
 */
export const ENGINE_THREAD = /^(bolt-http|tokio-runtime)/;

const CLOCK_TICKS = 100; // USER_HZ on Linux

interface Stat {
  ppid: number;
  ticks: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

function readRssKb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** `root` and all its descendants alive now. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (stat) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

function treeTicks(pids: readonly number[]): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const pid of pids) {
    const stat = readStat(pid);
    if (stat) ticks.set(pid, stat.ticks);
  }
  return ticks;
}

/** CPU ticks of each engine thread alive now, keyed `pid/tid`. */
function engineTicks(pids: readonly number[]): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const pid of pids) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const text = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const comm = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
        if (!ENGINE_THREAD.test(comm)) continue;
        const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
        ticks.set(`${pid}/${tid}`, Number(fields[11]) + Number(fields[12]));
      } catch {
        // The thread ended between the listing and the read.
      }
    }
  }
  return ticks;
}

/**
 * Starts sampling `root` every `intervalMs`; `stop()` returns the usage since the start.
 *
 * @example
 * const sampler = sampleProcessTree(server.pid);
 * await runWrk(...);
 * const { peakRssMb, cpuPercent } = sampler.stop();
 */
export function sampleProcessTree(root: number, intervalMs = 200): { stop(): ProcessUsage } {
  const startedAt = process.hrtime.bigint();
  let pids = processTree(root);
  const startTicks = treeTicks(pids);
  const startEngine = engineTicks(pids);
  let peakKb = 0;
  const sample = () => {
    pids = processTree(root);
    for (const pid of pids) if (!startTicks.has(pid)) startTicks.set(pid, 0);
    // An engine thread started during the run (a restarted worker) counts from zero.
    for (const key of engineTicks(pids).keys()) if (!startEngine.has(key)) startEngine.set(key, 0);
    peakKb = Math.max(
      peakKb,
      pids.reduce((sum, pid) => sum + readRssKb(pid), 0),
    );
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const wallS = Number(process.hrtime.bigint() - startedAt) / 1e9;
      let used = 0;
      for (const [pid, ticks] of treeTicks(pids)) used += ticks - (startTicks.get(pid) ?? 0);
      let engine = 0;
      for (const [key, ticks] of engineTicks(pids)) engine += ticks - (startEngine.get(key) ?? 0);
      const cpuSeconds = used / CLOCK_TICKS;
      // A process's ticks include its threads that ended; engine threads are read alive, so the
      // JS share is what is left (never below zero when an engine thread ended mid-run).
      const jsCpuSeconds = Math.max(0, used - engine) / CLOCK_TICKS;
      return {
        peakRssMb: peakKb / 1024,
        cpuPercent: wallS > 0 ? (cpuSeconds / wallS) * 100 : 0,
        cpuSeconds,
        jsCpuSeconds,
      };
    },
  };
}
