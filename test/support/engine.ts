/**
 * A Docker engine of the tests' own. Resolution order:
 *   1. SIMSCOPE_TEST_DOCKER_HOST, used as is;
 *   2. a private dockerd (root + dockerd installed) under a temp folder keyed by this checkout;
 *   3. none: the Docker-backed suites are skipped with one loud line, unless CI=true (then it fails).
 * The user's own daemon is never touched unless SIMSCOPE_TEST_DOCKER_HOST points at it.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  copyFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const TEST_IMAGE = 'simscope/test-busybox:latest';
export const TEST_RUN_LABEL = 'simscope.test-run';
const BUSYBOX_LINKS = ['sh', 'sleep', 'tail', 'true', 'false', 'test', 'echo', 'cat'];

export type EnginePlan =
  | { kind: 'external'; host: string }
  | { kind: 'private'; dir: string; host: string; socket: string }
  | { kind: 'none'; why: string };

function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Decides, without side effects, where the engine comes from. Synchronous: jest configs call it. */
export function planEngine(env: NodeJS.ProcessEnv = process.env): EnginePlan {
  if (env.SIMSCOPE_TEST_DOCKER_HOST) {
    return { kind: 'external', host: env.SIMSCOPE_TEST_DOCKER_HOST };
  }
  const missing: string[] = [];
  if (process.getuid?.() !== 0) {
    missing.push('root (a private dockerd needs it)');
  }
  if (!which('dockerd')) {
    missing.push('dockerd (apt-get install -y docker.io)');
  }
  if (!which('docker')) {
    missing.push('the docker CLI (apt-get install -y docker.io)');
  }
  if (!existsSync('/bin/busybox')) {
    missing.push('/bin/busybox (apt-get install -y busybox-static)');
  }
  if (missing.length > 0) {
    return { kind: 'none', why: `missing ${missing.join(', ')}; or set SIMSCOPE_TEST_DOCKER_HOST` };
  }
  return privatePlan('main');
}

/**
 * A private engine's folder, socket and host; `name` lets a test run a second engine of its own.
 * `perRun`: in the test run's own temp folder (removed with it) rather than the machine's, where the
 * main engine, benchmarks and the deployment test keep theirs between runs.
 */
export function privatePlan(
  name: string,
  { perRun = false }: { perRun?: boolean } = {},
): Extract<EnginePlan, { kind: 'private' }> {
  const key = createHash('sha1').update(resolve(__dirnameOf())).digest('hex').slice(0, 8);
  const parent = perRun ? tmpdir() : (process.env.SIMSCOPE_TEST_TMP_PARENT ?? tmpdir());
  const dir = join(parent, `simscope-engine-${key}${name === 'main' ? '' : `-${name}`}`);
  const socket = join(dir, 'docker.sock');
  return { kind: 'private', dir, socket, host: `unix://${socket}` };
}

function __dirnameOf(): string {
  // Keyed by the checkout so two clones (a CI run beside a dev tree) get separate engines.
  return process.cwd();
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPid(dir: string): number | null {
  const file = join(dir, 'dockerd.pid');
  if (!existsSync(file)) {
    return null;
  }
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export function ping(socketPath: string): Promise<boolean> {
  return new Promise((resolvePing) => {
    const req = request({ socketPath, path: '/_ping', timeout: 1000 }, (res) => {
      res.resume();
      resolvePing(res.statusCode === 200);
    });
    req.on('error', () => resolvePing(false));
    req.on('timeout', () => {
      req.destroy();
      resolvePing(false);
    });
    req.end();
  });
}

async function stopPid(pid: number, timeoutMs = 20_000): Promise<void> {
  if (!pidAlive(pid)) {
    return;
  }
  process.kill(pid, 'SIGTERM');
  try {
    await waitFor(() => !pidAlive(pid), timeoutMs, `dockerd ${pid} to stop`);
  } catch {
    process.kill(pid, 'SIGKILL');
  }
}

/** A dockerd killed hard can leave network namespaces mounted under its folders (EBUSY on removal). */
export function unmountUnder(dir: string): void {
  for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
    const target = line.split(' ')[1];
    if (target?.startsWith(`${dir}/`)) {
      spawnSync('umount', ['-l', target], { stdio: 'ignore' });
    }
  }
}

/** Stops the private engine and removes its folder (data root, image, socket): nothing stays behind. */
export async function removePrivateEngine(plan: Extract<EnginePlan, { kind: 'private' }>) {
  await stopPrivateEngine(plan);
  unmountUnder(plan.dir);
  rmSync(plan.dir, { recursive: true, force: true });
}

/** Starts the private engine, cleaning up one left behind by a killed run. */
export async function startPrivateEngine(
  plan: Extract<EnginePlan, { kind: 'private' }>,
  extraArgs: string[] = [],
) {
  mkdirSync(plan.dir, { recursive: true });
  const stale = readPid(plan.dir);
  if (stale && pidAlive(stale)) {
    await stopPid(stale);
  }
  const exec = join(plan.dir, 'exec');
  unmountUnder(exec);
  rmSync(exec, { recursive: true, force: true });
  rmSync(plan.socket, { force: true });
  const log = openSync(join(plan.dir, 'dockerd.log'), 'a');
  const child = spawn(
    'dockerd',
    [
      '--host',
      plan.host,
      '--data-root',
      join(plan.dir, 'data'),
      '--exec-root',
      join(plan.dir, 'exec'),
      '--pidfile',
      join(plan.dir, 'dockerd.pid'),
      '--bridge=none',
      '--iptables=false',
      '--ip-masq=false',
      ...extraArgs,
    ],
    { detached: true, stdio: ['ignore', log, log] },
  );
  child.unref();
  await waitFor(
    () => ping(plan.socket),
    60_000,
    `the private dockerd to answer /_ping (log: ${plan.dir}/dockerd.log)`,
  );
}

export async function stopPrivateEngine(plan: Extract<EnginePlan, { kind: 'private' }>) {
  const pid = readPid(plan.dir);
  if (pid) {
    await stopPid(pid);
  }
}

export function docker(host: string, args: string[], input?: Buffer): string {
  return execFileSync('docker', ['-H', host, ...args], {
    encoding: 'utf8',
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  }).trim();
}

/** Imports the busybox image unless it exists: no registry is reachable, so tests bring their own. */
export function ensureTestImage(host: string, workDir: string): void {
  const present = spawnSync('docker', ['-H', host, 'image', 'inspect', TEST_IMAGE], {
    stdio: 'ignore',
  });
  if (present.status === 0) {
    return;
  }
  const rootfs = join(workDir, 'rootfs');
  rmSync(rootfs, { recursive: true, force: true });
  mkdirSync(join(rootfs, 'bin'), { recursive: true });
  mkdirSync(join(rootfs, 'tmp'), { recursive: true });
  copyFileSync('/bin/busybox', join(rootfs, 'bin', 'busybox'));
  for (const link of BUSYBOX_LINKS) {
    symlinkSync('busybox', join(rootfs, 'bin', link));
  }
  const tar = execFileSync('tar', ['-C', rootfs, '-c', '.'], { maxBuffer: 64 * 1024 * 1024 });
  docker(host, ['import', '--change', 'CMD ["sh"]', '-', TEST_IMAGE], tar);
}

/** Removes every container and network a test run left behind (they all carry the test-run label). */
export function removeTestContainers(host: string): void {
  const ids = docker(host, ['ps', '-aq', '--filter', `label=${TEST_RUN_LABEL}`]);
  if (ids) {
    docker(host, ['rm', '-f', ...ids.split('\n')]);
  }
  const networks = docker(host, ['network', 'ls', '-q', '--filter', `label=${TEST_RUN_LABEL}`]);
  if (networks) {
    docker(host, ['network', 'rm', ...networks.split('\n')]);
  }
}

/**
 * A private engine of one suite's own, also listening on tcp loopback: the suite can stop and
 * restart it (Docker going away) without disturbing any other suite.
 */
export interface StoppableEngine {
  plan: Extract<EnginePlan, { kind: 'private' }>;
  /** tcp://127.0.0.1:<port>, what the server under test is given as DOCKER_HOST. */
  tcpHost: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Starts it if stopped, removes the test's containers, and stops it for good. */
  dispose(): Promise<void>;
}

export async function stoppableEngine(name: string, tcpPort: number): Promise<StoppableEngine> {
  const plan = privatePlan(name, { perRun: true });
  const tcpHost = `tcp://127.0.0.1:${tcpPort}`;
  const start = () => startPrivateEngine(plan, ['--host', tcpHost, '--shutdown-timeout', '1']);
  await start();
  ensureTestImage(plan.host, plan.dir);
  return {
    plan,
    tcpHost,
    start,
    stop: () => stopPrivateEngine(plan),
    dispose: async () => {
      await start().catch(() => {});
      removeTestContainers(plan.host);
      await removePrivateEngine(plan);
    },
  };
}
