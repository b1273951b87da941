/**
 * The sampler over a real process: a Python program whose second thread names itself as Bolt's
 * Rust engine does (`bolt-http-0`) and spins, while its main thread sleeps. The engine thread's
 * CPU time counts in the total and not on the JS side.
 */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { ENGINE_THREAD, sampleProcessTree } from '../src/process-sampler.js';

const PROGRAM = `
import threading, time
def engine():
    with open(f"/proc/self/task/{threading.get_native_id()}/comm", "w") as f:
        f.write("bolt-http-0")
    while True:
        pass
threading.Thread(target=engine, daemon=True).start()
time.sleep(120)
`;

t.test('engine threads count in all threads, not on the JS side', async (t) => {
  t.match('bolt-http-0', ENGINE_THREAD);
  t.match('tokio-runtime-w', ENGINE_THREAD);
  t.notMatch('node', ENGINE_THREAD);
  const child = spawn('python3', ['-c', PROGRAM], { stdio: 'ignore' });
  t.teardown(() => child.kill('SIGKILL'));
  await sleep(200);
  const sampler = sampleProcessTree(child.pid!);
  // Until the spinning thread has used a tenth of a second (however loaded the machine is);
  // stop() may be asked again: it reports the usage since the start each time.
  const deadline = Date.now() + 60_000;
  let usage = sampler.stop();
  while (usage.cpuSeconds - usage.jsCpuSeconds < 0.1 && Date.now() < deadline) {
    await sleep(200);
    usage = sampler.stop();
  }
  t.ok(usage.cpuSeconds - usage.jsCpuSeconds >= 0.1, 'the engine thread used CPU, counted apart');
  t.ok(usage.jsCpuSeconds < usage.cpuSeconds / 2, 'the sleeping main thread used little of it');
});
