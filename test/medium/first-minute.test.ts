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
  done: (stdout: string) => boolean | Promise<boolean>,
  { args = [], env = {} }: { args?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const child = spawn(process.execPath, [serverMain, ...args], {
    env: builtServerEnv(port, dataDir, { LOG_LEVEL: 'info', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => {
    stdout += b.toString();
    void Promise.resolve(done(stdout)).then((yes) => yes && child.kill('SIGTERM'));
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

  it('warns, once, that SIMSCOPE_AUTH=none on a network address lets anyone read logs; not on loopback', async () => {
    const port = await freePort();
    const open = await runServer(port, dataDir(), (out) => out.includes('SIMSCOPE_AUTH=none'), {
      env: { HOST: '0.0.0.0' },
    });
    const local = await runServer(port, dataDir(), (out) => out.includes('Serving on'));

    const warnings = (out: string) =>
      out.split('\n').filter((l) => l.includes('SIMSCOPE_AUTH=none'));
    expect(warnings(open.stdout)).toHaveLength(1);
    expect(warnings(open.stdout)[0]).toContain(
      "anyone who can reach this address can read the inventory and every simulation's logs",
    );
    expect(warnings(local.stdout)).toEqual([]);
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

  it('--help prints the settings table from the environment DTO and exits 0, without serving', async () => {
    const port = await freePort();

    const run = await runServer(port, dataDir(), () => false, { args: ['--help'] });

    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^simscope \d+\.\d+\.\d+: a live console/);
    expect(lines.find((l) => l.trim().startsWith('SIMSCOPE_STATS_WARNING'))).toMatch(
      /^\s+SIMSCOPE_STATS_WARNING\s+0\.75\s+a share between 0 and 1, e\.g\. 0\.75$/,
    );
    expect(run.stdout).not.toContain('Serving on');
  });

  it('--version prints the version and exits 0; an unknown argument is one line and exit 2', async () => {
    const port = await freePort();
    const version = await runServer(port, dataDir(), () => false, { args: ['--version'] });
    const unknown = await runServer(port, dataDir(), () => false, { args: ['--prot', '80'] });

    expect([version.code, version.stdout]).toEqual([0, 'simscope 0.1.0\n']);
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      'simscope: unknown argument "--prot"; see --help\n',
    ]);
  });

  it('refuses settings out of order in one line', async () => {
    const port = await freePort();

    const run = await runServer(port, dataDir(), () => false, {
      env: { SIMSCOPE_STATS_WARNING: '0.95' },
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'simscope: Invalid configuration: SIMSCOPE_STATS_WARNING (0.95) must be below SIMSCOPE_STATS_CRITICAL (0.9)\n',
    );
  });

  it('logs Docker unreachable once with its diagnosis, and each /readyz 503 once without a stack', async () => {
    const port = await freePort();
    const dir = dataDir();
    const url = `http://127.0.0.1:${port}`;
    let asked = 0;

    // Docker is retried with backoff meanwhile (250 ms doubling): several failed attempts.
    const run = await runServer(port, dir, async (out) => {
      if (!out.includes(url) || asked > 0) {
        return false;
      }
      asked++;
      expect((await fetch(`${url}/readyz`)).status).toBe(503);
      expect((await fetch(`${url}/readyz`)).status).toBe(503);
      // A refused request carrying credentials every way a client might: logged, but not them.
      const refused = await fetch(`${url}/api/meta/notes?token=SECRET-QUERY&limit=0`, {
        headers: { authorization: 'Bearer SECRET-HEADER', 'x-api-key': 'SECRET-KEY' },
      });
      expect(refused.status).toBe(400);
      await new Promise((r) => setTimeout(r, 2000));
      return true;
    });

    const entries = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg: string; err?: unknown; level: number });
    const docker = entries.filter((e) => e.msg.includes('unreachable'));
    expect(docker.map((e) => [e.level, e.msg])).toEqual([
      [
        40,
        `Docker at unix://${join(dir, 'no-docker.sock')} unreachable (socket-missing): ENOENT: connect ENOENT ${join(dir, 'no-docker.sock')}. No Docker socket at this path. Start Docker, or point DOCKER_HOST at the engine (unix:///path or tcp://host:port).`,
      ],
    ]);
    const readyz = entries.filter((e) => e.msg.startsWith('GET /readyz'));
    expect(readyz.map((e) => [e.level, e.msg, e.err])).toEqual([
      [40, 'GET /readyz answered 503', undefined],
      [40, 'GET /readyz answered 503', undefined],
    ]);
    expect(run.stdout).not.toMatch(/\bat .*\.js:\d+/); // no stack trace anywhere
    expect(run.stdout).toContain('/api/meta/notes?token=[Redacted]&limit=0');
    expect(run.stdout).not.toContain('SECRET');
  });
});
