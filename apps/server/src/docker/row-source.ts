import type { EngineInfo, SourceState } from '@simscope/contracts';
import type { Observable } from 'rxjs';
import type { DockerPort } from '../adapters/docker/docker.port.js';

/**
 * One source of inventory rows: today a Docker engine (EngineWatcher); a Swarm manager's tasks
 * would be another. Each writes its own host's rows into the shared InventoryWriter and reports
 * its own reachability; DockerSourceService aggregates them.
 */
export interface RowSource {
  /** The name every row of this source carries as `host`. */
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
