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

  /** The inventory, filtered by the query and (for live subscribers) sets of clusters and engines. */
  snapshot(
    query: SimulationsQueryDto = {},
    scope: { clusters?: readonly string[] | null; hosts?: readonly string[] | null } = {},
  ): DockerSimulationsPayload {
    const inv = this.source.inventory;
    const q = query.q?.toLowerCase();
    const wanted = scope.clusters ? new Set(scope.clusters) : null;
    const hosts = scope.hosts ? new Set(scope.hosts) : null;
    const containers: SimulationContainer[] = [];
    for (const { container: c } of inv.values()) {
      if (
        (query.cluster === undefined || c.cluster === query.cluster) &&
        (wanted === null || wanted.has(c.cluster)) &&
        (hosts === null || hosts.has(c.host)) &&
        (query.phase === undefined || c.phase === query.phase) &&
        (query.experiment === undefined || c.experiment === query.experiment) &&
        (query.host === undefined || c.host === query.host) &&
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
      hosts: this.source.hosts(),
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
    let found: SimulationContainer | null = null;
    for (const entry of this.source.inventory.values()) {
      if (entry.container.name === name) {
        if (found) {
          return null; // the same name on two engines: ambiguous, no route
        }
        found = entry.container;
      }
    }
    return found;
  }

  /**
   * `host/ref` looks on that engine only; a bare ref anywhere, found only when it is unique: a full
   * id, a name, or an id prefix of at least 4 hex digits.
   */
  private find(ref: string): Entry | undefined {
    const inv = this.source.inventory;
    const slash = ref.indexOf('/');
    const host = slash > 0 ? ref.slice(0, slash) : null;
    const key = host ? ref.slice(slash + 1) : ref;
    const exact = inv.get(key);
    if (exact && (!host || exact.container.host === host)) {
      return exact;
    }
    const name = key.replace(/^\//, '');
    const byName: Entry[] = [];
    const byPrefix: Entry[] = [];
    for (const entry of inv.values()) {
      const c = entry.container;
      if (host && c.host !== host) {
        continue;
      }
      if (c.name === name) {
        byName.push(entry);
      } else if (key.length >= 4 && /^[0-9a-f]+$/.test(key) && c.id.startsWith(key)) {
        byPrefix.push(entry);
      }
    }
    if (byName.length) {
      return byName.length === 1 ? byName[0] : undefined;
    }
    return byPrefix.length === 1 ? byPrefix[0] : undefined;
  }
}
