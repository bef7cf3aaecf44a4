import { Module } from '@nestjs/common';
import { DockerAdapterModule } from '../adapters/docker/docker-adapter.module.js';
import { DockerStatusService } from './docker-status.service.js';
import { DockerController } from './docker.controller.js';

@Module({
  imports: [DockerAdapterModule],
  controllers: [DockerController],
  providers: [DockerStatusService],
})
export class DockerModule {}
