import { Module } from '@nestjs/common';
import { DockerAdapterModule } from '../adapters/docker/docker-adapter.module.js';
import { DockerModule } from '../docker/docker.module.js';
import { RuntimeModule } from '../runtime/runtime.module.js';
import { LogsService } from './logs.service.js';
import { StatsController } from './stats.controller.js';
import { StatsService } from './stats.service.js';

/** Resource usage and logs: sampled or streamed only for what someone is looking at. */
@Module({
  imports: [DockerAdapterModule, DockerModule, RuntimeModule],
  controllers: [StatsController],
  providers: [StatsService, LogsService],
  exports: [StatsService, LogsService],
})
export class StatsModule {}
