import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import {
  PHASES,
  SimulationsQueryDto,
  type DockerSimulationsPayload,
  type DockerStatusPayload,
  type SimulationDetail,
} from '@simscope/contracts';
import { WriteRateLimitGuard } from '../common/write-rate-limit.guard.js';
import { WriteTokenGuard } from '../common/write-token.guard.js';
import { DockerSourceService } from './docker-source.service.js';
import { DockerStatusService } from './docker-status.service.js';
import { SimulationsService } from './simulations.service.js';

@ApiTags('docker')
@Controller('docker')
export class DockerController {
  constructor(
    private readonly status: DockerStatusService,
    private readonly simulations: SimulationsService,
    private readonly source: DockerSourceService,
  ) {}

  @Get('status')
  @ApiOperation({ summary: 'Reachability, diagnosis, endpoint, engine info and discovery rules' })
  @ApiOkResponse({ description: 'simscope.docker-status.v1' })
  getStatus(): DockerStatusPayload {
    return this.status.status();
  }

  @Get('simulations')
  @ApiOperation({ summary: 'The inventory of simulation containers, grouped by cluster' })
  @ApiQuery({ name: 'cluster', required: false })
  @ApiQuery({ name: 'phase', required: false, enum: PHASES })
  @ApiQuery({ name: 'experiment', required: false })
  @ApiQuery({ name: 'q', required: false, description: 'name substring' })
  @ApiOkResponse({ description: 'simscope.docker-simulations.v1' })
  list(@Query() query: SimulationsQueryDto): DockerSimulationsPayload {
    return this.simulations.snapshot(query);
  }

  @Get('simulations/:id')
  @ApiOperation({ summary: 'One simulation by full id, unique id prefix or name' })
  @ApiOkResponse({ description: 'simscope.simulation-detail.v1' })
  @ApiNotFoundResponse({ description: 'unknown, or not a simulation' })
  detail(@Param('id') id: string): Promise<SimulationDetail> {
    return this.simulations.detail(id);
  }

  /** Reconnect or reconcile now (the console's "retry now"); answers with the resulting status. */
  @Post('reconcile')
  @UseGuards(WriteTokenGuard, WriteRateLimitGuard)
  @ApiOperation({
    summary: 'Reconnect to Docker, or reconcile now (a write: token and rate limit apply)',
  })
  @HttpCode(200)
  async reconcile(): Promise<DockerStatusPayload> {
    await this.source.refresh();
    return this.status.status();
  }
}
