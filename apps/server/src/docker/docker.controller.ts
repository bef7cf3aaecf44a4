import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  SimulationsQueryDto,
  type DockerSimulationsPayload,
  type DockerStatusPayload,
  type SimulationDetail,
} from '@simscope/contracts';
import { DockerSourceService } from './docker-source.service.js';
import { DockerStatusService } from './docker-status.service.js';
import { SimulationsService } from './simulations.service.js';

@Controller('docker')
export class DockerController {
  constructor(
    private readonly status: DockerStatusService,
    private readonly simulations: SimulationsService,
    private readonly source: DockerSourceService,
  ) {}

  @Get('status')
  getStatus(): DockerStatusPayload {
    return this.status.status();
  }

  @Get('simulations')
  list(@Query() query: SimulationsQueryDto): DockerSimulationsPayload {
    return this.simulations.snapshot(query);
  }

  @Get('simulations/:id')
  detail(@Param('id') id: string): Promise<SimulationDetail> {
    return this.simulations.detail(id);
  }

  /** Reconnect or reconcile now (the console's "retry now"); answers with the resulting status. */
  @Post('reconcile')
  @HttpCode(200)
  async reconcile(): Promise<DockerStatusPayload> {
    await this.source.refresh();
    return this.status.status();
  }
}
