import { Module } from '@nestjs/common';
import { DockerModule } from '../docker/docker.module.js';
import { LiveModule } from '../live/live.module.js';
import { MetaModule } from '../meta/meta.module.js';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';
import { MetricsService } from './metrics.service.js';
import { RuntimeModule } from '../runtime/runtime.module.js';

@Module({
  imports: [DockerModule, LiveModule, RuntimeModule, MetaModule],
  controllers: [HealthController],
  providers: [HealthService, MetricsService],
  exports: [HealthService],
})
export class HealthModule {}
