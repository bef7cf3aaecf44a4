import { Module } from '@nestjs/common';
import { DiscoverySettings } from '../../config/settings.js';
import { DockerEngines } from './docker-engines.js';
import { DockerPort } from './docker.port.js';

@Module({
  providers: [
    {
      provide: DockerEngines,
      inject: [DiscoverySettings],
      useFactory: (settings: DiscoverySettings) =>
        new DockerEngines(settings.engines, settings.sshAgent),
    },
    // The first engine's port (the only one when a single engine is configured).
    {
      provide: DockerPort,
      inject: [DockerEngines],
      useFactory: (engines: DockerEngines) => engines.engines[0]?.port,
    },
  ],
  exports: [DockerEngines, DockerPort],
})
export class DockerAdapterModule {}
