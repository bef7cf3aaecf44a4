import { Injectable, NotFoundException } from '@nestjs/common';
import {
  DOCKER_SIMULATIONS_SCHEMA,
  SIMULATION_DETAIL_SCHEMA,
  compareContainers,
  countInventory,
  matchesFilter,
  sharedNetworkOf,
  type DockerSimulationsPayload,
  type SimulationContainer,
  type SimulationDetail,
  type SimulationsQueryDto,
} from '@simscope/contracts';
import { DiscoverySettings } from '../config/settings.js';
import { summariseClusters } from './cluster.js';
import { DockerSourceService } from './docker-source.service.js';
import { healthLog } from './to-simulation.js';

/** Who a live subscriber listens to: sets of clusters and engines (null: all of them). */
export interface Scope {
  clusters?: readonly string[] | null;
  hosts?: readonly string[] | null;
}

@Injectable()
export class SimulationsService {
  constructor(
    private readonly source: DockerSourceService,
    private readonly settings: DiscoverySettings,
  ) {}

  /** The inventory, filtered by the query (the shared row rules) and a live subscriber's scope. */
  snapshot(query: SimulationsQueryDto = {}, scope: Scope = {}): DockerSimulationsPayload {
    const wanted = scope.clusters ? new Set(scope.clusters) : null;
    const hosts = scope.hosts ? new Set(scope.hosts) : null;
    const containers: SimulationContainer[] = [];
    for (const c of this.source.rows()) {
      if (
        (wanted === null || wanted.has(c.cluster)) &&
        (hosts === null || hosts.has(c.host)) &&
        matchesFilter(c, query)
      ) {
        containers.push(c);
      }
    }
    containers.sort(compareContainers);
    // Every row shown: the index already holds these clusters; a filtered view summarises what it shows.
    const clusters =
      containers.length === this.source.size
        ? this.source.clusters()
        : summariseClusters(containers);
    return {
      schema: DOCKER_SIMULATIONS_SCHEMA,
      generatedAt: new Date().toISOString(),
      sequence: this.source.sequence,
      fingerprint: this.source.fingerprint,
      source: this.source.source,
      host: this.source.engine,
      clusters,
      containers,
      counts: countInventory(containers, clusters.length),
      hosts: this.source.hosts(),
      sharedNetwork: sharedNetworkOf(containers, this.settings.network),
    };
  }

  /** By full id, unique id prefix, or name; non-simulations are never found. */
  async detail(ref: string): Promise<SimulationDetail> {
    const found = this.source.resolve(ref);
    const entry = found ? this.source.entry(found.id) : undefined;
    if (!entry) {
      throw new NotFoundException(`No simulation container '${ref}'`);
    }
    let details = entry.details;
    if (!details && this.source.source.status === 'live') {
      details = await this.source.inspectSimulation(entry.container.id).catch(() => null);
    }
    const current = this.source.entry(entry.container.id) ?? entry;
    return {
      ...current.container,
      schema: SIMULATION_DETAIL_SCHEMA,
      // A Swarm task's container is the node's: its service says how it restarts and what it may use.
      restartPolicy: details?.restartPolicy ??
        current.container.swarm?.serviceState.restartPolicy ?? {
          name: 'unknown',
          maximumRetryCount: 0,
        },
      memoryLimitBytes:
        details?.memoryLimitBytes ?? current.container.swarm?.serviceState.memoryLimitBytes ?? null,
      healthLog: healthLog(details),
      transitions: current.transitions,
    };
  }
}
