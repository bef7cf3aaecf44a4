import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { docker, TEST_IMAGE, TEST_RUN_LABEL } from './engine.js';

/** The engine globalSetup prepared, as unix:///… or tcp://… */
export function testEngineHost(): string {
  const host = process.env.SIMSCOPE_TEST_ENGINE;
  if (!host) {
    throw new Error('SIMSCOPE_TEST_ENGINE is not set: run through test/jest.medium.config.ts');
  }
  return host;
}

export function uniqueName(prefix = 'sim-test'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export interface RunOptions {
  name?: string;
  labels?: Record<string, string>;
  env?: Record<string, string>;
  /** Defaults to none: tests never touch host networking. */
  network?: string;
  /** Extra `docker run` flags, e.g. ['--memory', '8m']. */
  flags?: string[];
  command?: string[];
  /** Another engine than the shared test engine (a suite's own). */
  host?: string;
}

/** Starts a container from the test image (detached) and returns its id. */
export function runContainer(options: RunOptions = {}): string {
  const args = ['run', '-d', '--network', options.network ?? 'none'];
  args.push('--label', `${TEST_RUN_LABEL}=1`);
  if (options.name) {
    args.push('--name', options.name);
  }
  for (const [k, v] of Object.entries(options.labels ?? {})) {
    args.push('--label', `${k}=${v}`);
  }
  for (const [k, v] of Object.entries(options.env ?? {})) {
    args.push('--env', `${k}=${v}`);
  }
  args.push(...(options.flags ?? []), TEST_IMAGE, ...(options.command ?? ['sleep', '3600']));
  return docker(options.host ?? testEngineHost(), args);
}

export function removeContainer(idOrName: string): void {
  docker(testEngineHost(), ['rm', '-f', idOrName]);
}

export function dockerCli(args: string[]): string {
  return docker(testEngineHost(), args);
}

/** Creates a labelled bridge network (removed with the test containers), or reuses it. */
export function createNetwork(name: string): void {
  const exists = dockerCli(['network', 'ls', '-q', '--filter', `name=^${name}$`]);
  if (!exists) {
    dockerCli(['network', 'create', '--label', `${TEST_RUN_LABEL}=1`, name]);
  }
}

/** The test engine's API, for bulk set-up where spawning one CLI per container would be the bottleneck. */
function engineApi(): Docker {
  const host = testEngineHost();
  if (host.startsWith('unix://')) {
    return new Docker({ socketPath: host.slice('unix://'.length) });
  }
  const url = new URL(host);
  return new Docker({ host: url.hostname, port: Number(url.port) });
}

/**
 * Creates (without starting) n labelled containers through the engine API, several at a time, so
 * the burst is the engine's, not the CLI's process start-up; returns their ids in order.
 */
export async function createContainers(
  n: number,
  name: (i: number) => string,
  labels: Record<string, string>,
): Promise<string[]> {
  const api = engineApi();
  const ids: string[] = new Array<string>(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const c = await api.createContainer({
        Image: TEST_IMAGE,
        name: name(i),
        Cmd: ['sleep', '3600'],
        Labels: { [TEST_RUN_LABEL]: '1', ...labels },
        HostConfig: { NetworkMode: 'none' },
      });
      ids[i] = c.id;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return ids;
}

/** Starts containers together, as a compose stack coming up does (several starts in flight). */
export async function startContainers(ids: string[], concurrency = 10): Promise<void> {
  const api = engineApi();
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      await api.getContainer(id).start();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
