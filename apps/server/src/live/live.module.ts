import { Module } from '@nestjs/common';
import { DockerModule } from '../docker/docker.module.js';
import { RuntimeModule } from '../runtime/runtime.module.js';
import { MetaModule } from '../meta/meta.module.js';
import { StatsModule } from '../stats/stats.module.js';
import { StacksModule } from '../stacks/stacks.module.js';
import { SimEventsModule } from '../sim-events/sim-events.module.js';
import { ConnectionCapsService } from './connection-caps.service.js';
import { LiveGateway } from './live.gateway.js';
import { LiveStreamService } from './live-stream.service.js';

@Module({
  imports: [DockerModule, RuntimeModule, MetaModule, StatsModule, StacksModule, SimEventsModule],
  providers: [LiveGateway, LiveStreamService, ConnectionCapsService],
  exports: [ConnectionCapsService, LiveStreamService],
})
export class LiveModule {}
