import {
  countInventory,
  emptyPhaseCounts,
  type ClusterSummary,
  type DockerSimulationsPayload,
  type DockerStatusPayload,
  type Note,
  type SimulationContainer,
} from '@simscope/contracts';

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
    actions: false,
    hosts: [],
    ...overrides,
  };
}

export function containerFactory(
  overrides: Partial<SimulationContainer> = {},
): SimulationContainer {
  const id = overrides.id ?? 'a'.repeat(64);
  return {
    id,
    host: 'local',
    shortId: id.slice(0, 12),
    name: 'sim-alpha',
    displayName: 'alpha',
    image: 'simscope/test-busybox:latest',
    state: 'running',
    status: 'Up 5 minutes',
    phase: 'running',
    reasons: [],
    discoveredBy: 'label',
    experiment: 'exp-1',
    role: 'worker',
    cluster: 'exp-1',
    composeProject: null,
    composeService: null,
    health: 'none',
    restartCount: 0,
    oomKilled: false,
    exitCode: null,
    networks: ['sim-net'],
    onSharedNetwork: true,
    ports: [],
    route: { path: null, reason: 'no simscope.port label' },
    limits: null,
    limitsPolicy: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: null,
    labels: { 'simscope.enable': 'true' },
    ...overrides,
  };
}

/** An inventory holding these containers, with clusters and counts derived from them. */
export function inventoryFactory(
  containers: SimulationContainer[],
  overrides: Partial<DockerSimulationsPayload> = {},
): DockerSimulationsPayload {
  const byCluster = new Map<string, SimulationContainer[]>();
  containers.forEach((c) => byCluster.set(c.cluster, [...(byCluster.get(c.cluster) ?? []), c]));
  const count = (list: SimulationContainer[]) => {
    const counts = emptyPhaseCounts();
    list.forEach((c) => counts[c.phase]++);
    return counts;
  };
  const clusters: ClusterSummary[] = [...byCluster].map(([name, list]) => ({
    name,
    total: list.length,
    hosts: { local: list.length },
    counts: count(list),
    networks: [...new Set(list.flatMap((c) => c.networks))],
    composeProjects: [],
    experiments: [...new Set(list.flatMap((c) => (c.experiment ? [c.experiment] : [])))],
    onSharedNetwork: list.some((c) => c.onSharedNetwork),
  }));
  return {
    schema: 'simscope.docker-simulations.v1',
    generatedAt: '2026-01-01T00:00:00.000Z',
    sequence: 1,
    fingerprint: '0123456789abcdef0123',
    source: { status: 'live', lastSuccessAt: '2026-01-01T00:00:00.000Z' },
    host: null,
    clusters,
    containers,
    counts: countInventory(containers, clusters.length),
    sharedNetwork: { name: 'sim-net', clusters: [], members: 0 },
    hosts: [],
    ...overrides,
  };
}

/** A note as the API returns it, with any field overridden. */
export function noteFactory(overrides: Partial<Note> = {}): Note {
  return {
    schema: 'simscope.meta-note.v1',
    id: '01J000000000000000000000AA',
    createdAt: '2026-01-01T00:00:00.000Z',
    owner: null,
    category: 'observation',
    severity: 'info',
    title: 'loss plateau',
    text: '',
    tags: [],
    targets: [],
    source: 'user',
    ...overrides,
  };
}

type Listener = (...args: unknown[]) => void;

/** A Socket.IO client stand-in the tests drive: `fire` plays a server event, `emitted` records sends. */
export class FakeSocket {
  connected = false;
  readonly emitted: { event: string; args: unknown[] }[] = [];
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly replies = new Map<string, (...args: unknown[]) => unknown>();

  /** Acknowledges every later emit of `event` (that asks for an ack) with `reply(...args)`. */
  answer(event: string, reply: (...args: unknown[]) => unknown): this {
    this.replies.set(event, reply);
    return this;
  }

  on(event: string, listener: Listener): this {
    this.listeners.set(event, (this.listeners.get(event) ?? new Set()).add(listener));
    return this;
  }
  off(event: string, listener?: Listener): this {
    if (listener) {
      this.listeners.get(event)?.delete(listener);
    } else {
      this.listeners.delete(event);
    }
    return this;
  }
  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }
  emit(event: string, ...args: unknown[]): this {
    this.emitted.push({ event, args });
    const reply = this.replies.get(event);
    const ack = args.at(-1);
    if (reply && typeof ack === 'function') {
      (ack as Listener)(reply(...args.slice(0, -1)));
    }
    return this;
  }
  disconnect(): this {
    this.connected = false;
    return this;
  }
  fire(event: string, ...args: unknown[]): void {
    if (event === 'connect') {
      this.connected = true;
    }
    [...(this.listeners.get(event) ?? [])].forEach((l) => l(...args));
  }
}
