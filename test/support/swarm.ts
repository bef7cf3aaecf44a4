import {
  docker,
  stoppableEngine,
  TEST_IMAGE,
  TEST_RUN_LABEL,
  type StoppableEngine,
} from './engine.js';
import { freePort } from './net.js';

/**
 * Two private engines joined as a Swarm on loopback: a manager and a worker. Keep `name` short:
 * containerd's socket lives under the engine's folder, and a unix socket path has 108 bytes.
 */
export interface TestSwarm {
  manager: StoppableEngine;
  worker: StoppableEngine;
  managerNode: string;
  workerNode: string;
  /** `docker service create` on the manager with the test image, the test label, no registry lookup. */
  service(name: string, args: string[], command: string[]): string;
  dispose(): Promise<void>;
}

export async function startSwarm(name: string): Promise<TestSwarm> {
  const [manager, worker] = await Promise.all([
    stoppableEngine(`${name}-m`, await freePort()),
    stoppableEngine(`${name}-w`, await freePort()),
  ]);
  const [swarmPort, workerPort, dataPort] = [await freePort(), await freePort(), await freePort()];
  const m = manager.plan.host;
  docker(m, [
    'swarm',
    'init',
    '--advertise-addr',
    `127.0.0.1:${swarmPort}`,
    '--listen-addr',
    `127.0.0.1:${swarmPort}`,
    '--data-path-port',
    String(dataPort),
  ]);
  const token = docker(m, ['swarm', 'join-token', '-q', 'worker']);
  docker(worker.plan.host, [
    'swarm',
    'join',
    '--listen-addr',
    `127.0.0.1:${workerPort}`,
    '--advertise-addr',
    `127.0.0.1:${workerPort}`,
    '--token',
    token,
    `127.0.0.1:${swarmPort}`,
  ]);
  const managerNode = docker(m, ['info', '--format', '{{.Swarm.NodeID}}']);
  const workerNode = docker(worker.plan.host, ['info', '--format', '{{.Swarm.NodeID}}']);
  return {
    manager,
    worker,
    managerNode,
    workerNode,
    service: (service, args, command) =>
      docker(m, [
        'service',
        'create',
        '--detach',
        '--no-resolve-image',
        '--name',
        service,
        '--label',
        `${TEST_RUN_LABEL}=1`,
        '--container-label',
        `${TEST_RUN_LABEL}=1`,
        ...args,
        TEST_IMAGE,
        ...command,
      ]),
    dispose: async () => {
      await Promise.all([manager.start(), worker.start()]).catch(() => {});
      for (const e of [worker, manager]) {
        try {
          docker(e.plan.host, ['swarm', 'leave', '--force']);
        } catch {
          // already out
        }
      }
      await Promise.all([manager.dispose(), worker.dispose()]);
    },
  };
}
