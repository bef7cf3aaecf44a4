import { Controller, Get, Header, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RuntimeHealthPayload } from '@simscope/contracts';
import type { Response } from 'express';
import { MetaSettings } from '../config/settings.js';
import { InventoryReader } from '../docker/inventory-reader.js';
import { MetaStoreService } from '../meta/meta-store.service.js';
import { HealthService } from './health.service.js';
import { MetricsService } from './metrics.service.js';
import { dataDirWritable } from './readiness.js';
import { NeedsRole } from '../auth/needs-role.js';

@ApiTags('runtime')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly metricsService: MetricsService,
    private readonly source: InventoryReader,
    private readonly meta: MetaSettings,
    private readonly store: MetaStoreService,
  ) {}

  @Get('runtime/health')
  @NeedsRole('viewer')
  @ApiOperation({ summary: 'Guard mode, reasons, probes, thresholds and scheduled tasks' })
  runtimeHealth(): RuntimeHealthPayload {
    return this.health.payload();
  }

  /** Liveness: the process answers. */
  @Get('healthz')
  @NeedsRole('public')
  @Header('Cache-Control', 'no-store')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: config valid (we are running), data directory writable, inventory live or stale. */
  @Get('readyz')
  @NeedsRole('public')
  @Header('Cache-Control', 'no-store')
  async readyz(@Res() res: Response): Promise<void> {
    const dataDir = await dataDirWritable(this.meta.dataDir);
    const docker = this.source.source.status;
    const checks = {
      config: { ok: true },
      dataDir: {
        ok: dataDir.ok,
        path: this.meta.dataDir,
        ...(dataDir.error ? { error: dataDir.error } : {}),
      },
      docker: { ok: docker !== 'unavailable', status: docker },
      // Lines start-up skipped (recorded in each file's .corrupt sidecar): worth a look, not fatal.
      record: { ok: true, skippedLines: { ...this.store.skipped } },
    };
    const ok = Object.values(checks).every((c) => c.ok);
    res
      .status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .json({ status: ok ? 'ready' : 'not-ready', checks });
  }

  @Get('metrics')
  @NeedsRole('public')
  async metrics(@Res() res: Response): Promise<void> {
    res.setHeader('Content-Type', this.metricsService.contentType);
    res.send(await this.metricsService.metrics());
  }
}
