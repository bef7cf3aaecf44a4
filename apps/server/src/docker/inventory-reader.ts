import type {
  ClusterSummary,
  EngineInfo,
  HostSummary,
  SimulationContainer,
  SourceState,
} from '@simscope/contracts';
import type { Observable } from 'rxjs';
import type { DockerPort } from '../adapters/docker/docker.port.js';
import type { InventoryChange } from './inventory.js';

export type { InventoryChange } from './inventory.js';

/**
 * Discovery's boundary: everything other features may know of the inventory, as built rows.
 * Nothing outside docker/ sees the raw inventory or Docker's inspect output.
 */
export abstract class InventoryReader {
  /** Every applied change, in sequence order: the one way changes leave discovery. */
  abstract readonly changes$: Observable<InventoryChange>;
  /** The combined source state, each time any engine's status or diagnosis changes. */
  abstract readonly sourceChanges$: Observable<SourceState>;
  abstract readonly sequence: number;
  abstract readonly fingerprint: string;
  abstract readonly size: number;
  /** live when every engine is; otherwise the first that is not, with its diagnosis. */
  abstract readonly source: SourceState;
  /** The first engine's details (the only one when a single engine is configured). */
  abstract readonly engine: EngineInfo | null;
  abstract rows(): Iterable<SimulationContainer>;
  abstract get(id: string): SimulationContainer | undefined;
  /** `host/ref` or a bare full id, unique name or unique id prefix (≥ 4 hex digits); else null. */
  abstract resolve(ref: string): SimulationContainer | null;
  /** By exact name; null when absent or on two engines. */
  abstract byName(name: string): SimulationContainer | null;
  abstract hosts(): HostSummary[];
  /** Cluster summaries, kept up to date change by change. */
  abstract clusters(): ClusterSummary[];
  abstract cluster(name: string): ClusterSummary | undefined;
  /** Whether the container has a TTY (its logs are raw text), when discovery has inspected it. */
  abstract tty(id: string): boolean | null;
  /**
   * Reconcile with Docker now, for a read that asked (`?refresh=true`): at most one per
   * {@link REFRESH_MIN_INTERVAL_MS}; a caller inside that window, or while one runs, shares it.
   */
  abstract refreshForRead(): Promise<void>;
}

/** How often reads may force a reconcile: the rest of the time the live inventory is current anyway. */
export const REFRESH_MIN_INTERVAL_MS = 5_000;

/** Which engine's read-only port reaches a container (stats and logs read through it). */
export abstract class EnginePorts {
  abstract portFor(id: string): DockerPort | null;
}
