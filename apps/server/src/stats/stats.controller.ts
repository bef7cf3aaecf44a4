import { Controller, Get, HttpException, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LogsQueryDto, type DockerLogsPayload, type DockerUsagePayload } from '@simscope/contracts';
import type { Request, Response } from 'express';
import { LogsService } from './logs.service.js';
import { TailGate } from './tail-gate.js';
import { StatsService } from './stats.service.js';

@ApiTags('docker')
@Controller('docker')
export class StatsController {
  /** Log tails in flight: 4 per client address, 8 in all. */
  private readonly gate = new TailGate(4, 8);

  constructor(
    private readonly logs: LogsService,
    private readonly stats: StatsService,
  ) {}

  @Get('simulations/:id/logs')
  @ApiOperation({
    summary: 'The last lines of a simulation (tail ≤ 2000, 256 KB), demultiplexed, escapes removed',
  })
  @ApiOkResponse({ description: 'simscope.docker-logs.v1' })
  async tail(
    @Param('id') id: string,
    @Query() query: LogsQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DockerLogsPayload> {
    try {
      return await this.gate.run(req.ip ?? 'unknown', () => this.logs.tail(id, query));
    } catch (err) {
      if (err instanceof HttpException && err.getStatus() === 429) {
        res.setHeader('Retry-After', '1');
      }
      throw err;
    }
  }

  @Get('usage')
  @ApiOperation({ summary: 'The background sweep’s latest resource sample per running simulation' })
  @ApiOkResponse({ description: 'simscope.docker-usage.v1' })
  usage(): DockerUsagePayload {
    return this.stats.usage;
  }
}
