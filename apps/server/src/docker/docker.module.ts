import { Module } from '@nestjs/common';
import { DockerAdapterModule } from '../adapters/docker/docker-adapter.module.js';
import { RuntimeModule } from '../runtime/runtime.module.js';
import { RowAnnotations } from './annotations.js';
import { DockerSourceService } from './docker-source.service.js';
import { DockerStatusService } from './docker-status.service.js';
import { DockerController } from './docker.controller.js';
import { EnginePorts, InventoryReader } from './inventory-reader.js';
import { EvidenceRegistry, FailureEvidenceSources } from './failure-evidence.js';
import { SimulationsService } from './simulations.service.js';

/**
 * Discovery. Other features get its boundary only: the InventoryReader (rows, changes, engines),
 * RowAnnotations (the channel to add data to rows), EnginePorts (reads through a row's engine),
 * FailureEvidenceSources (what a failure left behind, by feature), the status payload and snapshots.
 */
@Module({
  imports: [DockerAdapterModule, RuntimeModule],
  controllers: [DockerController],
  providers: [
    DockerSourceService,
    DockerStatusService,
    SimulationsService,
    { provide: InventoryReader, useExisting: DockerSourceService },
    { provide: RowAnnotations, useExisting: DockerSourceService },
    { provide: EnginePorts, useExisting: DockerSourceService },
    { provide: FailureEvidenceSources, useClass: EvidenceRegistry },
  ],
  exports: [
    InventoryReader,
    RowAnnotations,
    EnginePorts,
    FailureEvidenceSources,
    DockerStatusService,
    SimulationsService,
  ],
})
export class DockerModule {}
