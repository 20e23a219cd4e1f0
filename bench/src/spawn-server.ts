import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServerSpec } from './target.js';

export interface RunningServer {
  id: string;
  pid: number;
  baseUrl: string;
  /** Set once the process has gone, expected or not. */
  exitedWith: () => string | undefined;
  /** The last lines it printed, to show when it misbehaves. */
  logTail: () => string;
  stop: () => Promise<void>;
}

const LOG_LINES = 40;
const live = new Set<ChildProcess>();

// Whatever way the harness ends (error, Ctrl-C), no server may outlive it.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Starts the server as its own node process and resolves once its readiness URL answers. */
export async function startServer(id: string, spec: ServerSpec, port: number): Promise<RunningServer> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...spec.env };
  for (const name of spec.unsetEnv ?? []) delete env[name];
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${id}: could not spawn ${spec.command}`);
  live.add(child);

  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((line) => line !== ''),
    );
    tail.splice(0, Math.max(0, tail.length - LOG_LINES));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  let exitedWith: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitedWith = signal ?? `exit ${code}`;
      live.delete(child);
      resolve();
    });
  });

  const server: RunningServer = {
    id,
    pid: child.pid,
    baseUrl: `http://127.0.0.1:${port}`,
    exitedWith: () => exitedWith,
    logTail: () => tail.join('\n'),
    async stop() {
      if (exitedWith !== undefined) return;
      child.kill('SIGTERM');
      // A server that ignores SIGTERM must not hang the harness.
      const killed = await Promise.race([exited.then(() => false), sleep(5000).then(() => true)]);
      if (killed) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };

  try {
    await waitReady(server, spec);
  } catch (err) {
    await server.stop();
    throw new Error(`${id} did not start: ${(err as Error).message}\n--- ${id} output ---\n${server.logTail()}`);
  }
  return server;
}

async function waitReady(server: RunningServer, spec: ServerSpec): Promise<void> {
  const url = `${server.baseUrl}${spec.readyPath}`;
  const deadline = Date.now() + (spec.readyTimeoutMs ?? 20_000);
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    const exit = server.exitedWith();
    if (exit !== undefined) throw new Error(`process ended (${exit})`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) return;
      lastError = `GET ${spec.readyPath} answered ${res.status}`;
    } catch (err) {
      lastError = (err as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`not ready after ${spec.readyTimeoutMs ?? 20_000} ms (${lastError})`);
}
