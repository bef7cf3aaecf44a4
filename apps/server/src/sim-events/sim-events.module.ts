import { Module } from '@nestjs/common';
import { DockerModule } from '../docker/docker.module.js';
import { RuntimeModule } from '../runtime/runtime.module.js';
import { SimEventsController } from './sim-events.controller.js';
import { SimEventsService } from './sim-events.service.js';

/** Simulation events read from opted-in containers' output: row summaries, stalls, recent events. */
@Module({
  imports: [DockerModule, RuntimeModule],
  controllers: [SimEventsController],
  providers: [SimEventsService],
  exports: [SimEventsService],
})
export class SimEventsModule {}
