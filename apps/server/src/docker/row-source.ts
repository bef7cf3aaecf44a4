import type { EngineInfo, HostSummary, SourceState } from '@simscope/contracts';
import type { Observable } from 'rxjs';
import type { DockerPort } from '../adapters/docker/docker.port.js';

/**
 * One source of inventory rows: a Docker engine (EngineWatcher) or a Swarm manager's tasks
 * (SwarmSource). Each writes its own rows into the shared InventoryWriter and reports its own
 * reachability; DockerSourceService aggregates them.
 */
export interface RowSource {
  /**
   * The configured endpoint's name: every row of an engine carries it as `host`; a manager's task
   * rows carry their node's name instead.
   */
  readonly host: string;
  readonly endpoint: string;
  /** The read-only port that reaches this source's containers (stats, logs). */
  readonly docker: DockerPort;
  readonly source: SourceState;
  readonly sourceChanges$: Observable<SourceState>;
  readonly engine: EngineInfo | null;
  readonly lastEventAt: string | null;
  readonly lastReconcileDurationMs: number | null;
  readonly eventsReceived: number;
  start(): void;
  stop(): void;
  /** Reconnect when down, else reconcile now ("retry now"). */
  refresh(): Promise<void>;
  reconcile(): Promise<void>;
}

/** A source's own `hosts` entry: an engine, or a Swarm manager whose nodes are not known yet. */
export function sourceHost(
  w: RowSource,
  counts: ReadonlyMap<string, { total: number; running: number }>,
  now = Date.now(),
): HostSummary {
  return {
    name: w.host,
    endpoint: w.endpoint,
    status: w.source.status,
    lastSuccessAt: w.source.lastSuccessAt,
    ...(w.source.diagnosis ? { diagnosis: w.source.diagnosis } : {}),
    engine: w.engine,
    counts: counts.get(w.host) ?? { total: 0, running: 0 },
    lastEventAgeMs: w.lastEventAt ? now - Date.parse(w.lastEventAt) : null,
    lastReconcileMs: w.lastReconcileDurationMs,
  };
}
