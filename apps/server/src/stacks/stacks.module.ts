import { Module } from '@nestjs/common';
import { DockerModule } from '../docker/docker.module.js';
import { StacksController } from './stacks.controller.js';
import { StacksService } from './stacks.service.js';

/** Stacks: the dependency graph of each compose project or cluster, and what a service down blocks. */
@Module({
  imports: [DockerModule],
  controllers: [StacksController],
  providers: [StacksService],
  exports: [StacksService],
})
export class StacksModule {}
