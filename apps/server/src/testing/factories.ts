import type {
  Note,
  SimEvent,
  SimulationContainer,
  SwarmServiceState,
  SwarmTaskInfo,
} from '@simscope/contracts';
import type {
  ContainerDetails,
  ContainerListItem,
  HostLimits,
  SwarmNode,
  SwarmService,
  SwarmTask,
} from '../adapters/docker/docker.types.js';
import type { ObjectiveLine, RunLine } from '../meta/reducers.js';

/** Test data for specs: one row, one list item, one inspect result; override what the case is about. */
export const aContainer = (
  id: string,
  overrides: Partial<SimulationContainer> = {},
): SimulationContainer => ({
  id,
  shortId: id.slice(0, 12),
  name: `sim-${id}`,
  displayName: `sim-${id}`,
  image: 'img',
  state: 'running',
  status: 'Up 1 second',
  phase: 'running',
  reasons: ['running'],
  discoveredBy: 'name',
  experiment: null,
  role: null,
  cluster: 'ungrouped',
  composeProject: null,
  composeService: null,
  health: 'none',
  restartCount: 0,
  oomKilled: false,
  exitCode: null,
  networks: [],
  onSharedNetwork: false,
  ports: [],
  host: 'local',
  route: { path: null, reason: 'no simscope.port label' },
  limits: null,
  limitsPolicy: null,
  createdAt: null,
  startedAt: null,
  finishedAt: null,
  labels: {},
  ...overrides,
});

export const aListItem = (
  id: string,
  overrides: Partial<ContainerListItem> = {},
): ContainerListItem => ({
  id,
  name: `sim-${id}`,
  image: 'img',
  state: 'running',
  status: 'Up 5 minutes',
  labels: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  networks: [],
  ports: [],
  ...overrides,
});

/** HostConfig limits as inspect reports them; zeros and null mean "no limit" to Docker. */
export const someHostLimits = (overrides: Partial<HostLimits> = {}): HostLimits => ({
  nanoCpus: 0,
  cpuQuota: 0,
  cpuPeriod: 0,
  cpusetCpus: '',
  memoryBytes: 0,
  pidsLimit: null,
  ...overrides,
});

export const someDetails = (
  id: string,
  overrides: Partial<Omit<ContainerDetails, 'state'>> & {
    state?: Partial<ContainerDetails['state']>;
  } = {},
): ContainerDetails => {
  const { state, ...rest } = overrides;
  return {
    id,
    name: `sim-${id}`,
    image: 'img',
    imageId: 'sha256:img',
    command: ['sleep', '3600'],
    labels: {},
    createdAt: '2026-01-01T00:00:00.000Z',
    restartCount: 0,
    restartPolicy: { name: 'no', maximumRetryCount: 0 },
    memoryLimitBytes: null,
    limits: someHostLimits(),
    tty: false,
    networks: [],
    ports: [],
    ...rest,
    state: {
      status: 'running',
      running: true,
      paused: false,
      restarting: false,
      oomKilled: false,
      dead: false,
      exitCode: 0,
      error: '',
      startedAt: '2026-01-01T00:00:01.000Z',
      finishedAt: null,
      health: null,
      ...state,
    },
  };
};

const AT = '2026-01-01T00:00:00.000Z';
type RunCreated = Extract<RunLine, { kind: 'created' }>;
type ObjectiveEnqueued = Extract<ObjectiveLine, { kind: 'enqueued' }>;

/** The line that creates run `runId` in meta_runs.v1.jsonl; override the run's fields. */
export const aRunCreated = (runId: string, run: Partial<RunCreated['run']> = {}): RunCreated => ({
  schema: 'simscope.meta-run-event.v1',
  id: runId,
  runId,
  createdAt: AT,
  kind: 'created',
  run: {
    id: runId,
    createdAt: AT,
    owner: null,
    type: 'training',
    title: 't',
    objective: null,
    model: null,
    dataset: null,
    links: [],
    tags: [],
    targets: [],
    ...run,
  },
});

/** The line that enqueues objective `objectiveId`; override the objective's fields. */
export const anObjectiveEnqueued = (
  objectiveId: string,
  objective: Partial<ObjectiveEnqueued['objective']> = {},
): ObjectiveEnqueued => ({
  schema: 'simscope.meta-objective-event.v1',
  id: objectiveId,
  objectiveId,
  createdAt: AT,
  kind: 'enqueued',
  objective: {
    id: objectiveId,
    createdAt: AT,
    owner: null,
    objective: 'x',
    objectiveType: 'evaluation',
    target: null,
    priority: 'medium',
    refs: [],
    metadata: {},
    dedupeKey: 'k',
    ...objective,
  },
});

/** A stored note; override what the case is about. */
export const aNote = (id: string, note: Partial<Note> = {}): Note => ({
  schema: 'simscope.meta-note.v1',
  id,
  createdAt: AT,
  owner: null,
  category: 'observation',
  severity: 'info',
  title: `note ${id}`,
  text: '',
  tags: [],
  targets: [],
  source: 'user',
  ...note,
});

/** A simulation event (as the events service keeps it); override any field. */
export const aSimEvent = (seq: number, overrides: Partial<SimEvent> = {}): SimEvent => ({
  seq,
  at: new Date(Date.parse('2026-11-23T10:00:00Z') + seq * 1000).toISOString(),
  type: 'tick_completed',
  timestamp: null,
  tick: null,
  totalTicks: null,
  progress: null,
  level: null,
  message: null,
  agentId: null,
  metrics: null,
  ...overrides,
});

/** Swarm factories' clock: tasks say how long ago they reached their state. */
export const SWARM_NOW = Date.parse('2026-11-23T12:00:00Z');
export const swarmAgo = (s: number, now = SWARM_NOW) => new Date(now - s * 1000).toISOString();
const ago = (s: number) => swarmAgo(s);

export const aNode = (over: Partial<SwarmNode> = {}): SwarmNode => ({
  id: 'node1',
  hostname: 'lab1',
  role: 'manager',
  availability: 'active',
  state: 'ready',
  message: null,
  address: '127.0.0.1',
  engineVersion: '20.10.24',
  leader: true,
  ...over,
});

export const aService = (over: Partial<SwarmService> = {}): SwarmService => ({
  id: 'svc1',
  name: 'sim4',
  labels: { 'simscope.enable': 'true' },
  containerLabels: {},
  image: 'sim:1',
  mode: 'replicated',
  replicas: 4,
  tty: false,
  memoryLimitBytes: null,
  restartPolicy: { name: 'any', maximumRetryCount: 0 },
  updateStatus: null,
  createdAt: ago(600),
  ...over,
});

export const aTask = (over: Partial<SwarmTask> = {}): SwarmTask => ({
  id: 'task1',
  serviceId: 'svc1',
  slot: 1,
  nodeId: 'node1',
  state: 'running',
  desiredState: 'running',
  message: 'started',
  err: null,
  exitCode: null,
  containerId: 'c'.repeat(64),
  createdAt: ago(60),
  statusAt: ago(50),
  redact: (t) => t,
  ...over,
});

/** A Swarm service's state as its task rows carry it. */
export const aServiceState = (over: Partial<SwarmServiceState> = {}): SwarmServiceState => ({
  mode: 'replicated',
  desired: 4,
  updateState: null,
  updateMessage: null,
  recentFailures: 0,
  restartPolicy: { name: 'any', maximumRetryCount: 0 },
  memoryLimitBytes: null,
  ...over,
});

/** The `swarm` part of a task row. */
export const aTaskInfo = (over: Partial<SwarmTaskInfo> = {}): SwarmTaskInfo => ({
  endpoint: 'swarm',
  taskId: 't',
  serviceId: 'svc1',
  service: 'sim4',
  slot: 1,
  nodeId: 'n1',
  state: 'running',
  desiredState: 'running',
  error: null,
  containerId: null,
  statsVia: null,
  statsNote: null,
  serviceState: aServiceState(),
  ...over,
});
