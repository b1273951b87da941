/**
 * An engine serving the conformance app in a child process of its own, for the cases that signal
 * or kill the server (which the test process must survive).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** How a target's engine is started in a child process. */
export interface ChildServe {
  /** A module exporting `serve(app, options)`: a file URL or absolute path (the child has no resolution of its own). */
  module: string | URL;
  /** Options for `serve` (`host` and `port` are set by the suite). `processes`/`workers` above 1 serve the app module. */
  options?: Readonly<Record<string, unknown>>;
}

/** The line the child prints when it listens: `<READY> <port>`. */
export const READY = 'BOLT_CONFORMANCE_LISTENING';
/** The variable carrying the JSON `ChildServe` to the child. */
export const CHILD_ENV = 'BOLT_CONFORMANCE_CHILD';

/** A running child server. */
export interface ChildServer {
  child: ChildProcess;
  port: number;
  url: string;
  /** Resolves with the exit code (or signal name) once the child exited. */
  exited: Promise<number | string>;
}

// Same suffix as this file: the .ts source under a TypeScript loader, the .js build otherwise.
const entry = fileURLToPath(new URL(`./serve-child${import.meta.url.slice(-3)}`, import.meta.url));

/** Starts `serve` in a child and waits until it listens. */
export function startChildServer(serve: ChildServe, timeoutMs = 60_000): Promise<ChildServer> {
  const spec = { module: String(serve.module), options: serve.options ?? {} };
  // The TypeScript source needs this process's loader; the build must not get it (tap's loaders in
  // every forked process and worker thread make a multi-process start take minutes on a busy machine).
  const execArgv = entry.endsWith('.ts') ? process.execArgv : [];
  const child = spawn(process.execPath, [...execArgv, entry], {
    env: { ...process.env, [CHILD_ENV]: JSON.stringify(spec) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child server did not listen within ${timeoutMs} ms; output: ${out.slice(-2000)}`));
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = new RegExp(`${READY} (\\d+)`).exec(out);
      if (!match) return;
      clearTimeout(timer);
      const port = Number(match[1]);
      resolve({ child, port, url: `http://127.0.0.1:${port}`, exited });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`child server exited (${code}) before listening; output: ${out.slice(-2000)}`));
    });
  });
}
