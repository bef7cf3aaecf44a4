import { Module } from '@nestjs/common';
import { DockerModule } from '../docker/docker.module.js';
import { FailureFeedService } from './failure-feed.service.js';
import { MetaStoreService } from './meta-store.service.js';
import { MetaController } from './meta.controller.js';
import { MetaService } from './meta.service.js';
import { OverviewService } from './overview.service.js';
import { WebhookService } from './webhook.service.js';

@Module({
  imports: [DockerModule],
  controllers: [MetaController],
  providers: [MetaStoreService, MetaService, OverviewService, FailureFeedService, WebhookService],
  exports: [MetaStoreService, MetaService, WebhookService],
})
export class MetaModule {}
