import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { DockerPort } from './docker.port.js';
import { DockerodeAdapter } from './dockerode.adapter.js';

@Module({
  providers: [
    {
      provide: DockerPort,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new DockerodeAdapter({
          dockerHost: config.DOCKER_HOST,
          certPath: config.DOCKER_CERT_PATH,
          tlsVerify: config.DOCKER_TLS_VERIFY,
        }),
    },
  ],
  exports: [DockerPort],
})
export class DockerAdapterModule {}
