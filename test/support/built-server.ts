import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './net.js';

/**
 * The guard's host inputs (host CPU, host memory pressure, simscope's log error ratio) switched off.
 * Tests and benchmarks load this 2-core machine on purpose; a guard backing off because of that load
 * would bend every other test's schedule. The host inputs have a test of their own (health.test.ts),
 * which sets its thresholds explicitly.
 */
export const HOST_GUARD_OFF = {
  RUNTIME_GUARD_HOST_CPU_CRITICAL: '0',
  RUNTIME_GUARD_HOST_MEMORY_PRESSURE_CRITICAL: '0',
  RUNTIME_GUARD_LOG_ERROR_RATIO_CRITICAL: '0',
} as const;

/**
 * The environment for running the built server (apps/server/dist/main.js) in a child process on
 * loopback, with its own data directory and no Docker (a socket path that does not exist) unless
 * `extra` says otherwise. Shared by the tests and benchmarks that spawn it.
 */
export function builtServerEnv(
  port: number,
  dataDir: string,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    PORT: String(port),
    HOST: '127.0.0.1',
    DOCKER_HOST: `unix://${join(dataDir, 'no-docker.sock')}`,
    SIMSCOPE_DATA_DIR: dataDir,
    LOG_LEVEL: 'error',
    LOG_FORMAT: 'json',
    ...HOST_GUARD_OFF,
    ...extra,
  };
}

export interface BuiltServer {
  baseUrl: string;
  /** What it logged so far. */
  output(): string;
  close(): Promise<void>;
}

/**
 * The built server (apps/server/dist/main.js) in a child process on a loopback port, with its own
 * data directory; resolves once it says where it serves. For what only a fresh process can have
 * (NODE_EXTRA_CA_CERTS, say).
 */
export async function startBuiltServer(
  extra: NodeJS.ProcessEnv,
  { env = {}, port: chosen }: { env?: NodeJS.ProcessEnv; port?: number } = {},
): Promise<BuiltServer> {
  const port = chosen ?? (await freePort());
  const dataDir = mkdtempSync(join(tmpdir(), 'simscope-built-'));
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('../../apps/server/dist/main.js', import.meta.url))],
    {
      env: { ...env, ...builtServerEnv(port, dataDir, { LOG_LEVEL: 'info', ...extra }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => (output += b.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (!output.includes(`Serving on ${baseUrl}`)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the built server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    baseUrl,
    output: () => output,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
