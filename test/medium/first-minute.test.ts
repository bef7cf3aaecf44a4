import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtServerEnv } from '../support/built-server.js';
import { freePort } from '../support/net.js';

const serverMain = fileURLToPath(new URL('../../apps/server/dist/main.js', import.meta.url));

/** Runs the built server until `done` says so (or it exits); returns its output and exit code. */
async function runServer(
  port: number,
  dataDir: string,
  done: (stdout: string) => boolean,
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const child = spawn(process.execPath, [serverMain], {
    env: builtServerEnv(port, dataDir, { LOG_LEVEL: 'info' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => {
    stdout += b.toString();
    if (done(stdout)) {
      child.kill('SIGTERM');
    }
  });
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  clearTimeout(timer);
  return { stdout, stderr, code };
}

describe("the server's first minute", () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'simscope-first-minute-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('says where it serves the console, the API and the OpenAPI page', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;

    const run = await runServer(port, dataDir(), (out) => out.includes(url));

    const line = run.stdout.split('\n').find((l) => l.includes(url)) ?? '';
    expect((JSON.parse(line) as { msg: string }).msg).toBe(
      `Serving on ${url}: the console at /, the API at /api, its OpenAPI page at /api/docs`,
    );
  });

  it('says in one line that the port is taken, and exits 1', async () => {
    const port = await freePort();
    const squatter: Server = createServer();
    await new Promise<void>((r) => squatter.listen(port, '127.0.0.1', r));
    try {
      const run = await runServer(port, dataDir(), () => false);

      expect(run.code).toBe(1);
      expect(run.stderr.trim().split('\n')).toEqual([
        `simscope: 127.0.0.1:${port} is already in use (another simscope?); set PORT or HOST to serve elsewhere`,
      ]);
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/^\s+at /m); // no stack trace
    } finally {
      squatter.close();
    }
  });
});
