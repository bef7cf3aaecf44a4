import { Injectable, NotFoundException } from '@nestjs/common';
import {
  DOCKER_SIMULATIONS_SCHEMA,
  SIMULATION_DETAIL_SCHEMA,
  countInventory,
  type DockerSimulationsPayload,
  type SimulationContainer,
  type SimulationDetail,
  type SimulationsQueryDto,
} from '@simscope/contracts';
import { AppConfig } from '../config/app-config.js';
import { summariseClusters } from './cluster.js';
import { DockerSourceService } from './docker-source.service.js';
import type { Entry } from './inventory.js';
import { healthLog } from './to-simulation.js';

@Injectable()
export class SimulationsService {
  constructor(
    private readonly source: DockerSourceService,
    private readonly config: AppConfig,
  ) {}

  /** The inventory, filtered by the query and (for live subscribers) a set of clusters. */
  snapshot(query: SimulationsQueryDto = {}, only?: readonly string[]): DockerSimulationsPayload {
    const inv = this.source.inventory;
    const q = query.q?.toLowerCase();
    const wanted = only ? new Set(only) : null;
    const containers: SimulationContainer[] = [];
    for (const { container: c } of inv.values()) {
      if (
        (query.cluster === undefined || c.cluster === query.cluster) &&
        (wanted === null || wanted.has(c.cluster)) &&
        (query.phase === undefined || c.phase === query.phase) &&
        (query.experiment === undefined || c.experiment === query.experiment) &&
        (q === undefined ||
          c.name.toLowerCase().includes(q) ||
          c.displayName.toLowerCase().includes(q))
      ) {
        containers.push(c);
      }
    }
    containers.sort(
      (a, b) => a.cluster.localeCompare(b.cluster) || a.displayName.localeCompare(b.displayName),
    );
    const clusters = summariseClusters(containers);
    const shared = containers.filter((c) => c.onSharedNetwork);
    return {
      schema: DOCKER_SIMULATIONS_SCHEMA,
      generatedAt: new Date().toISOString(),
      sequence: inv.sequence,
      fingerprint: inv.fingerprint,
      source: this.source.source,
      host: this.source.engine,
      clusters,
      containers,
      counts: countInventory(containers, clusters.length),
      sharedNetwork: {
        name: this.config.SIMSCOPE_NETWORK,
        clusters: [...new Set(shared.map((c) => c.cluster))].sort(),
        members: shared.length,
      },
    };
  }

  /** By full id, unique id prefix, or name; non-simulations are never found. */
  async detail(ref: string): Promise<SimulationDetail> {
    const entry = this.find(ref);
    if (!entry) {
      throw new NotFoundException(`No simulation container '${ref}'`);
    }
    let details = entry.details;
    if (!details && this.source.source.status === 'live') {
      details = await this.source.inspectSimulation(entry.container.id).catch(() => null);
    }
    const current = this.source.inventory.get(entry.container.id) ?? entry;
    return {
      ...current.container,
      schema: SIMULATION_DETAIL_SCHEMA,
      restartPolicy: details?.restartPolicy ?? { name: 'unknown', maximumRetryCount: 0 },
      memoryLimitBytes: details?.memoryLimitBytes ?? null,
      healthLog: healthLog(details),
      transitions: current.transitions,
    };
  }

  /** A simulation by full id, unique id prefix or name; null for anything else. */
  resolve(ref: string): SimulationContainer | null {
    return this.find(ref)?.container ?? null;
  }

  /** A simulation by its exact name only (the proxy's route lookup). */
  byName(name: string): SimulationContainer | null {
    for (const entry of this.source.inventory.values()) {
      if (entry.container.name === name) {
        return entry.container;
      }
    }
    return null;
  }

  private find(ref: string): Entry | undefined {
    const inv = this.source.inventory;
    const exact = inv.get(ref);
    if (exact) {
      return exact;
    }
    const name = ref.replace(/^\//, '');
    const matches: Entry[] = [];
    for (const entry of inv.values()) {
      if (entry.container.name === name) {
        return entry;
      }
      if (ref.length >= 4 && /^[0-9a-f]+$/.test(ref) && entry.container.id.startsWith(ref)) {
        matches.push(entry);
      }
    }
    return matches.length === 1 ? matches[0] : undefined;
  }
}
