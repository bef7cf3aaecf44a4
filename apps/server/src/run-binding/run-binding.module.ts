import { Module } from '@nestjs/common';
import { DockerModule } from '../docker/docker.module.js';
import { MetaModule } from '../meta/meta.module.js';
import { SimEventsModule } from '../sim-events/sim-events.module.js';
import { RunBindingService } from './run-binding.service.js';

/** Runs bound to containers: their status, stamps, stalls and metrics follow the containers. */
@Module({
  imports: [DockerModule, MetaModule, SimEventsModule],
  providers: [RunBindingService],
})
export class RunBindingModule {}
