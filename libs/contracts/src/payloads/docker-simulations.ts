import type { HealthStatus, Phase, PhaseCounts } from '../phases.js';
import type { DockerDiagnosis, EngineInfo, SourceState, SourceStatus } from './docker-status.js';
import type { ContainerLimits, LimitsPolicy } from './stats.js';
import type { SimEventSummary } from './sim-events.js';

export const DOCKER_SIMULATIONS_SCHEMA = 'simscope.docker-simulations.v1';
export const SIMULATION_DETAIL_SCHEMA = 'simscope.simulation-detail.v1';

export type DiscoveredBy = 'label' | 'name';

export interface PublishedPort {
  privatePort: number;
  publicPort?: number;
  ip?: string;
  type: string;
}

/**
 * Names nginx's `/sim/<name>/` route accepts (Docker's container-name characters); nginx/default.conf
 * holds the same pattern, and anything else is a 404 there without reaching any upstream.
 */
export const ROUTE_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

/** How to reach a simulation's own web port through the entry point, or why it cannot be. */
export type SimulationRoute =
  | {
      /** e.g. `/sim/sim-web-1/`, through nginx. */
      path: string;
      /** The container port (`<prefix>.port`). */
      port: number;
      /** The path inside the container the route maps to (`<prefix>.path`, default `/`). */
      targetPath: string;
      /**
       * `<prefix>.cookies=true`: the sim's cookies reach the browser, scoped to its own `path`.
       * Otherwise nginx drops them (they would land on the console's origin).
       */
      cookies: boolean;
    }
  | { path: null; reason: string };

export interface SimulationContainer {
  /** Docker's container id (unique across engines in practice); `host/id` also finds it. */
  id: string;
  /** The engine it runs on (a SIMSCOPE_DOCKER_ENDPOINTS name; `local` for the single engine). */
  host: string;
  shortId: string;
  name: string;
  displayName: string;
  image: string;
  state: string;
  status: string;
  phase: Phase;
  reasons: string[];
  discoveredBy: DiscoveredBy;
  experiment: string | null;
  role: string | null;
  cluster: string;
  composeProject: string | null;
  composeService: string | null;
  health: HealthStatus;
  restartCount: number;
  oomKilled: boolean;
  exitCode: number | null;
  networks: string[];
  onSharedNetwork: boolean;
  ports: PublishedPort[];
  route: SimulationRoute;
  /** From inspect; null until simscope has inspected the container (soon after it is seen). */
  limits: ContainerLimits | null;
  limitsPolicy: LimitsPolicy | null;
  createdAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Only `<prefix>.*` and `com.docker.compose.*` labels (plus SIMSCOPE_EXPOSE_LABELS). */
  labels: Record<string, string>;
  /** Only on simulations that print events (`<prefix>.events`): what they said so far. */
  events?: SimEventSummary;
  /** The ids of the runs it is bound to (`<prefix>.run`, or runs whose targets name it). */
  runs?: string[];
}

export interface HealthProbe {
  exitCode: number;
  output: string;
  start: string;
  end: string;
}

export interface LifecycleTransition {
  at: string;
  /** Docker event action (start, die, oom, health_status: unhealthy…) or `observed` from a reconcile. */
  action: string;
  from: Phase | null;
  to: Phase;
  exitCode?: number;
}

export interface SimulationDetail extends SimulationContainer {
  schema: typeof SIMULATION_DETAIL_SCHEMA;
  restartPolicy: { name: string; maximumRetryCount: number };
  memoryLimitBytes: number | null;
  healthLog: HealthProbe[];
  transitions: LifecycleTransition[];
}

export interface ClusterSummary {
  name: string;
  total: number;
  /** Containers per engine: one experiment on two machines is one cluster. */
  hosts: Record<string, number>;
  counts: PhaseCounts;
  networks: string[];
  composeProjects: string[];
  experiments: string[];
  onSharedNetwork: boolean;
}

export interface InventoryCounts {
  total: number;
  running: number;
  byPhase: PhaseCounts;
  clusters: number;
  sharedNetworkMembers: number;
  /** How many simulations run strict, constrained or unbounded; `unknown` until inspected. */
  byLimitsPolicy: Record<LimitsPolicy | 'unknown', number>;
}

export interface SharedNetworkSummary {
  name: string;
  clusters: string[];
  members: number;
}

/** One watched engine: reachable or not, and why. */
export interface HostSummary {
  name: string;
  /** Without credentials, e.g. unix:///var/run/docker.sock, https://gpu1:2376, ssh://ops@lab:22. */
  endpoint: string;
  status: SourceStatus;
  lastSuccessAt: string | null;
  diagnosis?: DockerDiagnosis;
  engine: EngineInfo | null;
  counts: { total: number; running: number };
  /** Milliseconds since its last Docker event; how long its last reconcile took. */
  lastEventAgeMs: number | null;
  lastReconcileMs: number | null;
}

export interface DockerSimulationsPayload {
  schema: typeof DOCKER_SIMULATIONS_SCHEMA;
  generatedAt: string;
  sequence: number;
  fingerprint: string;
  source: SourceState;
  host: EngineInfo | null;
  clusters: ClusterSummary[];
  containers: SimulationContainer[];
  counts: InventoryCounts;
  sharedNetwork: SharedNetworkSummary;
  /** Every watched engine, in configuration order. */
  hosts: HostSummary[];
}
