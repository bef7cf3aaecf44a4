import { readFileSync } from 'node:fs';
import { Module } from '@nestjs/common';
import { ActionPorts, DockerActionEngines } from '../adapters/docker/docker-action-engines.js';
import { ActionsSettings, DiscoverySettings } from '../config/settings.js';
import { DockerModule } from '../docker/docker.module.js';
import { MetaModule } from '../meta/meta.module.js';
import { containerIdFromMountinfo } from './action-policy.js';
import { ActionsController } from './actions.controller.js';
import { ActionsService, SELF_CONTAINER_ID } from './actions.service.js';

function ownContainerId(): string | null {
  try {
    return containerIdFromMountinfo(readFileSync('/proc/self/mountinfo', 'utf8'));
  } catch {
    return null;
  }
}

/** Opt-in container actions. Switched off, no Docker write client is even made. */
@Module({
  imports: [DockerModule, MetaModule],
  controllers: [ActionsController],
  providers: [
    ActionsService,
    {
      provide: ActionPorts,
      inject: [ActionsSettings, DiscoverySettings],
      useFactory: (actions: ActionsSettings, discovery: DiscoverySettings) =>
        actions.enabled
          ? new DockerActionEngines(
              discovery.engines,
              actions.stopTimeoutSeconds,
              discovery.sshAgent,
            )
          : null,
    },
    { provide: SELF_CONTAINER_ID, useFactory: ownContainerId },
  ],
})
export class ActionsModule {}
