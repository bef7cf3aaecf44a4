/**
 * Simulation events: JSON lines a simulation prints on its own output when it opts in with the
 * label `<prefix>.events=stdout|stderr|both`.
 */
export const SIM_EVENT_OUTPUTS = ['stdout', 'stderr', 'both'] as const;
export type SimEventOutput = (typeof SIM_EVENT_OUTPUTS)[number];

export const SIM_EVENTS_SCHEMA = 'simscope.sim-events.v1';
/** Events kept in memory per simulation (the REST page and the follow's history read these). */
export const SIM_EVENTS_RECENT = 500;
/** A line longer than this is cut (and counted in `cutLines`); a cut line is never an event. */
export const SIM_EVENT_MAX_LINE_BYTES = 64 * 1024;
/** Distinct event types counted per simulation; the rest count under `other`. */
export const SIM_EVENT_MAX_TYPES = 50;

/** One simulation event as simscope understood it. */
export interface SimEvent {
  /** Per container, increasing: the cursor of the events page. */
  seq: number;
  /** When the line was written, by the engine's clock (RFC 3339): what stalls and rates use. */
  at: string;
  type: string;
  /** The event's own `timestamp` field as printed (simulated time, say), or null. */
  timestamp: string | null;
  tick: number | null;
  totalTicks: number | null;
  /** 0–1: `progress`, else tick / total_ticks when both are known. */
  progress: number | null;
  level: string | null;
  message: string | null;
  agentId: string | null;
  /** Flat numeric metrics (`metrics`); other values are left out. */
  metrics: Record<string, number> | null;
}

/** The summary carried by each row of an opted-in simulation (`row.events`). */
export interface SimEventSummary {
  /** Events seen since simscope started following (history read on start included). */
  total: number;
  tick: number | null;
  /** Ticks per minute over the last minute or so of ticks; null until two ticks are apart in time. */
  ticksPerMinute: number | null;
  progress: number | null;
  /** `error` events and events at level error/fatal/critical. */
  errors: number;
  lastEventAt: string | null;
  lastType: string | null;
  countsByType: Record<string, number>;
  /** Lines over 64 KB, cut and not read as events. */
  cutLines: number;
}

/** GET /api/docker/simulations/:ref/events — newest first. */
export interface SimEventsPage {
  schema: typeof SIM_EVENTS_SCHEMA;
  id: string;
  name: string;
  items: SimEvent[];
  /** Pass as `cursor` for older events; null at the end of what is kept. */
  nextCursor: string | null;
}

/** `events:batch`: new events of a followed simulation; `dropped` counts those over the follower's rate. */
export interface SimEventsBatch {
  id: string;
  events: SimEvent[];
  dropped: number;
}
