import {
  META_OBJECTIVE_SCHEMA,
  META_RUN_SCHEMA,
  OBJECTIVE_TRANSITIONS,
  RUN_TRANSITIONS,
  type Author,
  type Objective,
  type ObjectiveState,
  type Run,
  type RunStamp,
  type RunStatus,
} from '@simscope/contracts';

/** Lines of meta_runs.v1.jsonl: a creation, then events. History is never rewritten. */
export type RunLine =
  | {
      schema: 'simscope.meta-run-event.v1';
      id: string;
      runId: string;
      createdAt: string;
      kind: 'created';
      run: Omit<Run, 'schema' | 'status' | 'metrics' | 'events' | 'updatedAt' | 'updatedBy'>;
    }
  | {
      schema: 'simscope.meta-run-event.v1';
      id: string;
      runId: string;
      createdAt: string;
      kind: 'event';
      owner: string | null;
      status?: RunStatus;
      metrics?: Record<string, number>;
      /** The tick the metrics were read at (metrics from a simulation's events). */
      step?: number;
      /** A bound container started: what it ran. */
      stamp?: RunStamp;
      note?: string;
      author?: Author;
    };

export type ObjectiveLine =
  | {
      schema: 'simscope.meta-objective-event.v1';
      id: string;
      objectiveId: string;
      createdAt: string;
      kind: 'enqueued';
      objective: Omit<Objective, 'schema' | 'state' | 'updatedAt' | 'updatedBy'>;
    }
  | {
      schema: 'simscope.meta-objective-event.v1';
      id: string;
      objectiveId: string;
      createdAt: string;
      kind: 'transition';
      state: ObjectiveState;
      owner: string | null;
      author?: Author;
    };

export class TransitionError extends Error {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`cannot go from ${from} to ${to}`);
    this.name = 'TransitionError';
  }
}

const HISTORY = 20;

/** A record with `updatedBy` set to the line's author, or without one when the line has none. */
function touchedBy<T extends { updatedBy?: Author }>(record: T, author: Author | undefined): T {
  const next = { ...record };
  delete next.updatedBy;
  return author ? { ...next, updatedBy: author } : next;
}

/** Applies one run line to the run's state. Pure; throws TransitionError on an invalid status change. */
export function reduceRun(state: Run | undefined, line: RunLine): Run {
  if (line.kind === 'created') {
    return {
      ...line.run,
      schema: META_RUN_SCHEMA,
      status: 'planned',
      metrics: {},
      events: 0,
      updatedAt: line.createdAt,
    };
  }
  if (!state) {
    throw new Error(`run ${line.runId} has events before its creation`);
  }
  let status = state.status;
  let statusHistory = state.statusHistory;
  if (line.status && line.status !== state.status) {
    if (!RUN_TRANSITIONS[state.status].includes(line.status)) {
      throw new TransitionError(state.status, line.status);
    }
    status = line.status;
    statusHistory = [
      ...(statusHistory ?? []),
      { status, at: line.createdAt, note: line.note ?? null },
    ].slice(-HISTORY);
  }
  const metrics = { ...state.metrics };
  for (const [name, value] of Object.entries(line.metrics ?? {})) {
    const point = { value, at: line.createdAt, ...(line.step !== undefined ? { step: line.step } : {}) };
    const history = [...(metrics[name]?.history ?? []), point].slice(-HISTORY);
    metrics[name] = { latest: value, history };
  }
  const stamps = line.stamp
    ? [...(state.stamps ?? []).filter((s) => s.containerId !== line.stamp?.containerId), line.stamp].slice(
        -HISTORY,
      )
    : state.stamps;
  return touchedBy(
    {
      ...state,
      status,
      metrics,
      events: state.events + 1,
      updatedAt: line.createdAt,
      ...(statusHistory ? { statusHistory } : {}),
      ...(stamps ? { stamps } : {}),
    },
    line.author,
  );
}

/** Applies one objective line. Pure; throws TransitionError on an invalid state change. */
export function reduceObjective(state: Objective | undefined, line: ObjectiveLine): Objective {
  if (line.kind === 'enqueued') {
    return {
      ...line.objective,
      schema: META_OBJECTIVE_SCHEMA,
      state: 'queued',
      updatedAt: line.createdAt,
    };
  }
  if (!state) {
    throw new Error(`objective ${line.objectiveId} transitions before it was enqueued`);
  }
  if (line.state !== state.state && !OBJECTIVE_TRANSITIONS[state.state].includes(line.state)) {
    throw new TransitionError(state.state, line.state);
  }
  return touchedBy({ ...state, state: line.state, updatedAt: line.createdAt }, line.author);
}

export const isOpen = (o: Objective): boolean => o.state === 'queued' || o.state === 'claimed';

/** Same type, target and text (case and spacing folded) → same objective. */
export function defaultDedupeKey(type: string, target: string | null, text: string): string {
  return [
    type,
    (target ?? '').trim().toLowerCase(),
    text.trim().replace(/\s+/g, ' ').toLowerCase(),
  ].join('|');
}
