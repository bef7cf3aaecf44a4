import { Module } from '@nestjs/common';
import { DockerModule } from '../docker/docker.module.js';
import { SchedulerModule } from '../health/scheduler.module.js';
import { MetaModule } from '../meta/meta.module.js';
import { StatsModule } from '../stats/stats.module.js';
import { ConnectionCapsService } from './connection-caps.service.js';
import { LiveGateway } from './live.gateway.js';
import { LiveStreamService } from './live-stream.service.js';

@Module({
  imports: [DockerModule, SchedulerModule, MetaModule, StatsModule],
  providers: [LiveGateway, LiveStreamService, ConnectionCapsService],
  exports: [ConnectionCapsService, LiveStreamService],
})
export class LiveModule {}
