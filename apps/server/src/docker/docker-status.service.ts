import { Injectable } from '@nestjs/common';
import { DOCKER_STATUS_SCHEMA, type DockerStatusPayload } from '@simscope/contracts';
import { AppConfig } from '../config/app-config.js';
import { DockerSourceService } from './docker-source.service.js';

@Injectable()
export class DockerStatusService {
  constructor(
    private readonly source: DockerSourceService,
    private readonly config: AppConfig,
  ) {}

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
        labelPrefix: this.config.SIMSCOPE_LABEL_PREFIX,
        namePattern: this.config.SIMSCOPE_NAME_PATTERN,
        network: this.config.SIMSCOPE_NETWORK,
        includeStopped: this.config.SIMSCOPE_INCLUDE_STOPPED,
      },
      hosts: this.source.hosts(),
    };
  }
}
