import {
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';
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
import { NeedsRole } from '../auth/needs-role.js';

@ApiTags('docker')
@Controller('docker')
export class DockerController {
  constructor(
    private readonly status: DockerStatusService,
    private readonly simulations: SimulationsService,
    private readonly source: DockerSourceService,
  ) {}

  @Get('status')
  @NeedsRole('viewer')
  @ApiOperation({ summary: 'Reachability, diagnosis, endpoint, engine info and discovery rules' })
  @ApiOkResponse({ description: 'simscope.docker-status.v1' })
  getStatus(): DockerStatusPayload {
    return this.status.status();
  }

  @Get('simulations')
  @NeedsRole('viewer')
  @ApiOperation({ summary: 'The inventory of simulation containers, grouped by cluster' })
  @ApiQuery({ name: 'cluster', required: false })
  @ApiQuery({ name: 'phase', required: false, enum: PHASES })
  @ApiQuery({ name: 'experiment', required: false })
  @ApiQuery({ name: 'q', required: false, description: 'name substring' })
  @ApiQuery({ name: 'refresh', required: false, description: 'reconcile first (≤ 1 per 5 s)' })
  @ApiOkResponse({ description: 'simscope.docker-simulations.v1' })
  async list(@Query() query: SimulationsQueryDto): Promise<DockerSimulationsPayload> {
    if (query.refresh) {
      await this.source.refreshForRead();
    }
    return this.simulations.snapshot(query);
  }

  @Get('simulations/:id')
  @NeedsRole('viewer')
  @ApiOperation({ summary: 'One simulation by full id, unique id prefix or name' })
  @ApiOkResponse({ description: 'simscope.simulation-detail.v1' })
  @ApiNotFoundResponse({ description: 'unknown, or not a simulation' })
  detail(@Param('id') id: string): Promise<SimulationDetail> {
    return this.simulations.detail(id);
  }

  /**
   * nginx's lookup for `/sim/<name>/` (auth_request): where to proxy, with 204 — or 401 when the sim
   * may set cookies (`simscope.cookies=true`; nginx then uses the location that passes them) — or
   * 403, which nginx turns into a 404, when no running simulation by that name has a route.
   * Answered from the inventory.
   */
  @Get('routes/:name')
  @NeedsRole('public')
  @ApiOperation({
    summary:
      'Route lookup for the proxy: 204 (or 401: cookies allowed) + X-Sim-Upstream/X-Sim-Path, or 403',
  })
  route(@Param('name') name: string, @Res() res: Response): void {
    const c = this.source.byName(name);
    if (!c || c.route.path === null || c.state !== 'running') {
      throw new ForbiddenException(
        !c
          ? `no simulation named ${name}`
          : c.route.path === null
            ? `${name} has no route: ${c.route.reason}`
            : `${name} is not running`,
      );
    }
    res.setHeader('X-Sim-Upstream', `${c.name}:${c.route.port}`);
    res.setHeader('X-Sim-Path', c.route.targetPath);
    res.status(c.route.cookies ? 401 : 204).end();
  }

  /** Reconnect or reconcile now (the console's "retry now"); answers with the resulting status. */
  @Post('reconcile')
  @NeedsRole('operator')
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
