import { Module } from '@nestjs/common';
import { DockerAdapterModule } from '../adapters/docker/docker-adapter.module.js';
import { RuntimeModule } from '../runtime/runtime.module.js';
import { DockerSourceService } from './docker-source.service.js';
import { DockerStatusService } from './docker-status.service.js';
import { DockerController } from './docker.controller.js';
import { SimulationsService } from './simulations.service.js';

@Module({
  imports: [DockerAdapterModule, RuntimeModule],
  controllers: [DockerController],
  providers: [DockerSourceService, DockerStatusService, SimulationsService],
  exports: [DockerSourceService, DockerStatusService, SimulationsService],
})
export class DockerModule {}
