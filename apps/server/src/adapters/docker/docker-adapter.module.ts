import { Module } from '@nestjs/common';
import { AppConfig, engineEndpoints } from '../../config/app-config.js';
import { DockerEngines } from './docker-engines.js';
import { DockerPort } from './docker.port.js';

@Module({
  providers: [
    {
      provide: DockerEngines,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new DockerEngines(engineEndpoints(config), config.SSH_AUTH_SOCK),
    },
    // The first engine's port (the only one without SIMSCOPE_DOCKER_ENDPOINTS).
    {
      provide: DockerPort,
      inject: [DockerEngines],
      useFactory: (engines: DockerEngines) => engines.engines[0]?.port,
    },
  ],
  exports: [DockerEngines, DockerPort],
})
export class DockerAdapterModule {}
