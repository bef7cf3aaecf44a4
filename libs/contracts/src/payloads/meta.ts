import type {
  NoteCategory,
  ObjectiveState,
  ObjectiveType,
  Priority,
  RunStatus,
  RunType,
  Severity,
  TargetKind,
} from '../meta.js';
import type { SimulationContainer } from './docker-simulations.js';
import type { Author } from '../auth.js';
import type { LogLine } from './logs.js';
import type { SimEvent } from './sim-events.js';
import type { ContainerLimits } from './stats.js';

export const META_NOTE_SCHEMA = 'simscope.meta-note.v1';
export const META_RUN_SCHEMA = 'simscope.meta-run.v1';
export const META_OBJECTIVE_SCHEMA = 'simscope.meta-objective.v1';
export const META_OVERVIEW_SCHEMA = 'simscope.meta-overview.v1';

export interface Target {
  kind: TargetKind;
  id: string;
}

/** Lines, bytes and events a failure note keeps of the container's last moments. */
export const EVIDENCE_LIMITS = { logLines: 50, logBytes: 16 * 1024, events: 20 } as const;

/**
 * What a failure left behind, kept on the failure note simscope writes (never accepted from a
 * client), so it can be read after `docker rm`.
 */
export interface FailureEvidence {
  /** The container's last output lines, oldest first (≤ 50, ≤ 16 KB, its env values masked). */
  logLines?: LogLine[];
  /** From the recent stats samples; `peakBytes` null when none was taken before it stopped. */
  memory?: { peakBytes: number | null; limitBytes: number | null; samples: number };
  /** Its last events (simulations that print them), oldest first. */
  events?: SimEvent[];
  /** What could not be collected, and why ("logs: the container is gone"). */
  missing?: string[];
}

export interface Note {
  schema: typeof META_NOTE_SCHEMA;
  id: string;
  createdAt: string;
  owner: string | null;
  category: NoteCategory;
  severity: Severity;
  title: string;
  text: string;
  tags: string[];
  targets: Target[];
  /** `docker` for notes the failure feed wrote itself, `user` otherwise. */
  source: 'user' | 'docker';
  /** A small flat object the writer attached (the original runtime's `context`); absent when none. */
  context?: Record<string, string | number | boolean>;
  /** The id the original runtime gave it, for records imported from its files. */
  legacyId?: string;
  /** Who wrote it, when simscope knows (SIMSCOPE_AUTH other than none); `owner` stays free text. */
  author?: Author;
  /** Failure notes only: what the failure left behind. */
  evidence?: FailureEvidence;
}

export interface MetricPoint {
  value: number;
  at: string;
  /** The simulation's tick, for metrics read from its events. */
  step?: number;
}

/**
 * What a bound container ran, taken when it started: enough to run the same thing again or to see
 * what differed between two runs.
 */
export interface RunStamp {
  containerId: string;
  containerName: string;
  /** The engine (a SIMSCOPE_DOCKER_ENDPOINTS name). */
  host: string;
  /** The container's start, as the engine reported it. */
  startedAt: string;
  image: string;
  imageId: string | null;
  repoDigests: string[];
  /** sha256 of the container's kept labels, sorted (`<prefix>.*`, compose). */
  labelsHash: string;
  composeProject: string | null;
  composeService: string | null;
  /** `com.docker.compose.config-hash`: the service's configuration as compose saw it. */
  composeConfigHash: string | null;
  limits: ContainerLimits | null;
  /** Entrypoint and arguments. */
  command: string[];
}

/** One change of a run's status, and why (the note of the event that made it). */
export interface RunStatusChange {
  status: RunStatus;
  at: string;
  note: string | null;
}

export interface Run {
  schema: typeof META_RUN_SCHEMA;
  id: string;
  createdAt: string;
  updatedAt: string;
  owner: string | null;
  type: RunType;
  title: string;
  objective: string | null;
  model: string | null;
  dataset: string | null;
  /** Free text about the run (the original's `notes`); absent when none was given. */
  description?: string;
  /** The id the original runtime gave it (imported from its files); it finds the run too. */
  legacyId?: string;
  links: string[];
  tags: string[];
  targets: Target[];
  status: RunStatus;
  /** Latest value of each metric, and its last points (at most 20). */
  metrics: Record<string, { latest: number; history: MetricPoint[] }>;
  events: number;
  /** Its status changes, oldest first (the last 20). */
  statusHistory?: RunStatusChange[];
  /** Stamps of the containers bound to it (`<prefix>.run`, or its targets), the latest per container (20). */
  stamps?: RunStamp[];
  /** Who registered it, when simscope knows (SIMSCOPE_AUTH other than none). */
  author?: Author;
  /** Who sent its latest event, when simscope knows. */
  updatedBy?: Author;
}

export interface Objective {
  schema: typeof META_OBJECTIVE_SCHEMA;
  id: string;
  createdAt: string;
  updatedAt: string;
  owner: string | null;
  objective: string;
  objectiveType: ObjectiveType;
  target: string | null;
  priority: Priority;
  refs: string[];
  metadata: Record<string, string | number | boolean>;
  dedupeKey: string;
  state: ObjectiveState;
  /** Who enqueued it, when simscope knows (SIMSCOPE_AUTH other than none). */
  author?: Author;
  /** Who made its latest transition, when simscope knows. */
  updatedBy?: Author;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null;
}

export interface MetaOverview {
  schema: typeof META_OVERVIEW_SCHEMA;
  generatedAt: string;
  counts: { notes: number; runs: number; objectives: number };
  failingNow: Pick<
    SimulationContainer,
    'id' | 'name' | 'displayName' | 'cluster' | 'phase' | 'reasons'
  >[];
  latestFailureNotes: Note[];
  activeRuns: Run[];
  queueDepth: Record<Priority, number>;
  lastNote: Note | null;
  suggestions: {
    kind: 'capture-failure-note' | 'enqueue-objective' | 'register-runs';
    text: string;
    target?: Target;
  }[];
}

/** Pushed to socket subscribers for every new record. */
export type MetaOpsEvent =
  | { stream: 'notes'; record: Note }
  | { stream: 'runs'; record: Run }
  | { stream: 'objectives'; record: Objective };
