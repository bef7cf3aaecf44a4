/**
 * Plain shapes of what simscope reads from Docker. Nothing outside adapters/docker sees a dockerode
 * type. Environment variables are deliberately absent: they are dropped in the adapter.
 */
export interface DockerPort {
  privatePort: number;
  publicPort?: number;
  ip?: string;
  type: string;
}

export interface ContainerListItem {
  id: string;
  /** Without the leading slash. */
  name: string;
  image: string;
  state: string;
  /** e.g. "Up 5 minutes (healthy)", "Exited (3) 2 seconds ago". */
  status: string;
  labels: Record<string, string>;
  createdAt: string;
  networks: string[];
  ports: DockerPort[];
}

export interface HealthLogEntry {
  exitCode: number;
  output: string;
  start: string;
  end: string;
}

export interface ContainerDetails {
  id: string;
  name: string;
  image: string;
  /** The image's id (sha256:…), null when the engine did not say. */
  imageId: string | null;
  /** Entrypoint and arguments (its env values masked). */
  command: string[];
  labels: Record<string, string>;
  createdAt: string;
  state: {
    status: string;
    running: boolean;
    paused: boolean;
    restarting: boolean;
    oomKilled: boolean;
    dead: boolean;
    exitCode: number;
    error: string;
    startedAt: string | null;
    finishedAt: string | null;
    health: { status: string; failingStreak: number; log: HealthLogEntry[] } | null;
  };
  restartCount: number;
  restartPolicy: { name: string; maximumRetryCount: number };
  memoryLimitBytes: number | null;
  limits: HostLimits;
  /** Whether the container has a TTY: its logs are then one raw stream, not multiplexed. */
  tty: boolean;
  networks: string[];
  ports: DockerPort[];
}

/** HostConfig's resource limits as Docker reports them (0 or -1: none). */
export interface HostLimits {
  nanoCpus: number;
  cpuQuota: number;
  cpuPeriod: number;
  cpusetCpus: string;
  memoryBytes: number;
  pidsLimit: number | null;
}

/** The parts of a stats sample simscope reads. */
export interface RawStats {
  read: string;
  cpu: { total: number; system: number | null; onlineCpus: number };
  precpu: { total: number; system: number | null };
  /** inactiveFile: page cache docker stats leaves out (total_inactive_file on cgroup v1). */
  memory: { usage: number; inactiveFile: number | null };
  networks: { rx: number; tx: number };
  blkio: { read: number; write: number };
  pids: number | null;
}

export interface LogsOptions {
  tail?: number;
  /** Seconds since the epoch. */
  since?: number;
  stdout: boolean;
  stderr: boolean;
}

/** An open Docker stream (stats or logs); close() ends it and frees the connection. */
export interface StreamHandle {
  close(): void;
}

export interface StreamHandlers<T> {
  onData(data: T): void;
  /** Once, when the stream ends for any reason; err is set when it failed. */
  onClose(err?: Error): void;
}

export interface EngineSummary {
  name: string;
  id: string;
  serverVersion: string;
  os: string;
  kernelVersion: string;
  architecture: string;
  cpus: number;
  memoryBytes: number;
  containers: number;
  containersRunning: number;
  /** Its own Swarm node id, when it is part of a swarm. */
  swarmNodeId?: string;
}

export interface EngineVersion {
  version: string;
  apiVersion: string;
}

export interface DockerEvent {
  type: string;
  action: string;
  id: string;
  /** Event time in milliseconds since the epoch (from timeNano). */
  timeMs: number;
  attributes: Record<string, string>;
}

export interface EventSubscription {
  close(): void;
}

export interface EventHandlers {
  onEvent(event: DockerEvent): void;
  /** Called once when the stream ends for any reason; err is set when it failed. */
  onClose(err?: Error): void;
}

/** A Swarm node as the manager describes it (`GET /nodes`). */
export interface SwarmNode {
  id: string;
  hostname: string;
  role: 'manager' | 'worker';
  availability: string;
  state: string;
  message: string | null;
  address: string | null;
  engineVersion: string;
  leader: boolean;
}

/** A Swarm service (`GET /services`): what simscope groups and counts by; never its environment. */
export interface SwarmService {
  id: string;
  name: string;
  /** The service's own labels. */
  labels: Record<string, string>;
  /** The labels its task containers get. */
  containerLabels: Record<string, string>;
  image: string;
  mode: 'replicated' | 'global';
  /** Replicas asked for; null for global services. */
  replicas: number | null;
  tty: boolean;
  memoryLimitBytes: number | null;
  /** The task template's restart condition (any, on-failure, none) and MaxAttempts (0: no cap). */
  restartPolicy: { name: string; maximumRetryCount: number };
  updateStatus: { state: string; message: string | null } | null;
  createdAt: string;
}

/** A Swarm task (`GET /tasks`). */
export interface SwarmTask {
  id: string;
  serviceId: string;
  slot: number | null;
  nodeId: string | null;
  state: string;
  desiredState: string;
  message: string;
  err: string | null;
  exitCode: number | null;
  containerId: string | null;
  createdAt: string;
  /** When the task reached its current state. */
  statusAt: string;
  /** Masks the task's own environment values in text from its output; the values stay in the adapter. */
  redact: (text: string) => string;
}

/** The service-logs read: as LogsOptions, each line carrying its task (`details`). */
export type ServiceLogsOptions = LogsOptions;
