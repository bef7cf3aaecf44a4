import { Injectable } from '@nestjs/common';
import { DOCKER_STATUS_SCHEMA, type DockerStatusPayload } from '@simscope/contracts';
import { ActionsSettings, DiscoverySettings } from '../config/settings.js';
import { DockerSourceService } from './docker-source.service.js';

@Injectable()
export class DockerStatusService {
  constructor(
    private readonly source: DockerSourceService,
    private readonly settings: DiscoverySettings,
    private readonly actions: ActionsSettings,
  ) {}

  /** Docker events received from every engine, for /metrics. */
  get eventsReceived(): number {
    return this.source.eventsReceived;
  }

  /** The slowest engine's last reconcile, for /metrics and runtime health. */
  get lastReconcileDurationMs(): number | null {
    return this.source.lastReconcileDurationMs;
  }

  /** The newest event from any engine. */
  get lastEventAt(): string | null {
    return this.source.lastEventAt;
  }

  /** Served from what the source already knows: asking costs Docker nothing. */
  status(): DockerStatusPayload {
    const source = this.source.source;
    return {
      schema: DOCKER_STATUS_SCHEMA,
      generatedAt: new Date().toISOString(),
      reachable: source.status === 'live',
      endpoint: this.source.endpoint,
      source,
      engine: this.source.engine,
      lastEventAt: this.source.lastEventAt,
      discovery: {
        labelPrefix: this.settings.labelPrefix,
        namePattern: this.settings.namePattern,
        network: this.settings.network,
        includeStopped: this.settings.includeStopped,
      },
      actions: this.actions.enabled,
      hosts: this.source.hosts(),
    };
  }
}
