import type { DockerStatusPayload } from '@simscope/contracts';

export function dockerStatusFactory(
  overrides: Partial<DockerStatusPayload> = {},
): DockerStatusPayload {
  return {
    schema: 'simscope.docker-status.v1',
    generatedAt: '2026-01-01T00:00:00.000Z',
    reachable: true,
    endpoint: 'unix:///var/run/docker.sock',
    source: { status: 'live', lastSuccessAt: '2026-01-01T00:00:00.000Z' },
    engine: {
      name: 'lab-host',
      id: 'ENGINE',
      serverVersion: '20.10.24',
      apiVersion: '1.41',
      os: 'Debian',
      kernelVersion: '6.1',
      architecture: 'x86_64',
      cpus: 2,
      memoryBytes: 2 ** 34,
      containers: 3,
      containersRunning: 2,
    },
    lastEventAt: null,
    discovery: {
      labelPrefix: 'simscope',
      namePattern: '^sim[-_.]',
      network: 'sim-net',
      includeStopped: true,
    },
    ...overrides,
  };
}
