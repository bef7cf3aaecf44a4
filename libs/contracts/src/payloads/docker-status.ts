import type { HostSummary } from './docker-simulations.js';

export const DOCKER_STATUS_SCHEMA = 'simscope.docker-status.v1';

/** live: events flowing; stale: serving the last inventory while Docker is unreachable; unavailable: never reached. */
export type SourceStatus = 'live' | 'stale' | 'unavailable';

export type DiagnosisCode =
  | 'socket-missing'
  | 'permission-denied'
  | 'daemon-unreachable'
  /** The engine accepts connections (and may answer _ping) but not the API calls simscope makes. */
  | 'daemon-hung'
  | 'tls-error'
  | 'unknown';

/** Why Docker cannot be reached, and what to do about it. */
export interface DockerDiagnosis {
  code: DiagnosisCode;
  /** One sentence a user can act on. */
  remediation: string;
  /** The raw error, summarised (code and message), never a stack. */
  error: string;
  /** The endpoint that was tried, e.g. unix:///var/run/docker.sock or tcp://host:2376. */
  endpoint: string;
  /** Whether DOCKER_HOST was set in simscope's environment. */
  dockerHostSet: boolean;
  at: string;
  /** The engine it concerns, when simscope watches several. */
  host?: string;
}

export interface SourceState {
  status: SourceStatus;
  lastSuccessAt: string | null;
  staleSince?: string;
  diagnosis?: DockerDiagnosis;
}

export interface EngineInfo {
  name: string;
  id: string;
  serverVersion: string;
  apiVersion: string;
  os: string;
  kernelVersion: string;
  architecture: string;
  cpus: number;
  memoryBytes: number;
  containers: number;
  containersRunning: number;
  /** The engine's own Swarm node id, when it is part of a swarm. */
  swarmNodeId?: string;
}

/** How discovery is configured, so the console can teach users how to make containers visible. */
export interface DiscoveryRules {
  labelPrefix: string;
  namePattern: string;
  network: string;
  includeStopped: boolean;
}

export interface DockerStatusPayload {
  schema: typeof DOCKER_STATUS_SCHEMA;
  generatedAt: string;
  reachable: boolean;
  endpoint: string;
  source: SourceState;
  engine: EngineInfo | null;
  lastEventAt: string | null;
  discovery: DiscoveryRules;
  /** Whether admins may start, stop and restart simulations here (`SIMSCOPE_ACTIONS=on`). */
  actions: boolean;
  /** Every watched engine; `source` above is their combination (live only when all are). */
  hosts: HostSummary[];
}
