import { Injectable } from '@nestjs/common';
import { DOCKER_STATUS_SCHEMA, type DockerStatusPayload } from '@simscope/contracts';
import { DockerPort } from '../adapters/docker/docker.port.js';
import { AppConfig } from '../config/app-config.js';
import { diagnose } from './diagnose.js';

@Injectable()
export class DockerStatusService {
  constructor(
    private readonly docker: DockerPort,
    private readonly config: AppConfig,
  ) {}

  async status(): Promise<DockerStatusPayload> {
    const now = new Date();
    const base = {
      schema: DOCKER_STATUS_SCHEMA,
      generatedAt: now.toISOString(),
      endpoint: this.docker.endpoint,
      lastEventAt: null,
      discovery: {
        labelPrefix: this.config.SIMSCOPE_LABEL_PREFIX,
        namePattern: this.config.SIMSCOPE_NAME_PATTERN,
        network: this.config.SIMSCOPE_NETWORK,
        includeStopped: this.config.SIMSCOPE_INCLUDE_STOPPED,
      },
    } as const;
    try {
      const [info, version] = await Promise.all([this.docker.info(), this.docker.version()]);
      return {
        ...base,
        reachable: true,
        source: { status: 'live', lastSuccessAt: now.toISOString() },
        engine: { ...info, apiVersion: version.apiVersion },
      };
    } catch (err) {
      return {
        ...base,
        reachable: false,
        source: {
          status: 'unavailable',
          lastSuccessAt: null,
          diagnosis: diagnose(err, this.docker.endpoint, Boolean(this.config.DOCKER_HOST), now),
        },
        engine: null,
      };
    }
  }
}
