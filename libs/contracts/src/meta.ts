/** Enumerations shared by the meta DTOs, payloads and the console's forms. */
export const NOTE_CATEGORIES = [
  'observation',
  'failure',
  'hypothesis',
  'action',
  'decision',
  'dataset',
  'training',
  'evaluation',
] as const;
export type NoteCategory = (typeof NOTE_CATEGORIES)[number];

export const SEVERITIES = ['info', 'watch', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const TARGET_KINDS = ['container', 'cluster', 'experiment', 'run'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export const RUN_TYPES = [
  'training',
  'evaluation',
  'dataset-curation',
  'benchmark',
  'analysis',
] as const;
export type RunType = (typeof RUN_TYPES)[number];

export const RUN_STATUSES = ['planned', 'running', 'completed', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const OBJECTIVE_TYPES = [
  'stabilization',
  'training',
  'evaluation',
  'dataset-curation',
] as const;
export type ObjectiveType = (typeof OBJECTIVE_TYPES)[number];

export const PRIORITIES = ['low', 'medium', 'high'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const OBJECTIVE_STATES = ['queued', 'claimed', 'done', 'dropped'] as const;
export type ObjectiveState = (typeof OBJECTIVE_STATES)[number];

/** Which status a run or objective may move to next; the server enforces it (409), the console offers only these. */
export const RUN_TRANSITIONS: Record<RunStatus, RunStatus[]> = {
  planned: ['running', 'cancelled'],
  running: ['completed', 'failed', 'cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
};

export const OBJECTIVE_TRANSITIONS: Record<ObjectiveState, ObjectiveState[]> = {
  queued: ['claimed', 'dropped'],
  claimed: ['done', 'dropped', 'queued'],
  done: [],
  dropped: [],
};

/** Limits the DTOs enforce; the console's forms mirror them. */
export const META_LIMITS = {
  title: 160,
  text: 4000,
  owner: 120,
  tag: 60,
  tags: 20,
  targets: 20,
  targetId: 200,
  objective: 500,
  ref: 500,
  refs: 20,
  /** Characters in one metadata key. */
  metadataKey: 64,
  metadataKeys: 20,
  metadataValue: 500,
  metrics: 50,
  pageMax: 500,
} as const;
