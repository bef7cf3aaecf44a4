import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LogsQueryDto, type DockerLogsPayload, type DockerUsagePayload } from '@simscope/contracts';
import { LogsService } from './logs.service.js';
import { TailGateInterceptor } from './tail-gate.js';
import { StatsService } from './stats.service.js';
import { NeedsRole } from '../auth/needs-role.js';

@ApiTags('docker')
@Controller('docker')
export class StatsController {
  constructor(
    private readonly logs: LogsService,
    private readonly stats: StatsService,
  ) {}

  @Get('simulations/:id/logs')
  @NeedsRole('operator')
  @ApiOperation({
    summary: 'The last lines of a simulation (tail ≤ 2000, 256 KB), demultiplexed, escapes removed',
  })
  @ApiOkResponse({ description: 'simscope.docker-logs.v1' })
  @UseInterceptors(TailGateInterceptor)
  tail(@Param('id') id: string, @Query() query: LogsQueryDto): Promise<DockerLogsPayload> {
    return this.logs.tail(id, query);
  }

  @Get('usage')
  @NeedsRole('viewer')
  @ApiOperation({ summary: 'The background sweep’s latest resource sample per running simulation' })
  @ApiOkResponse({ description: 'simscope.docker-usage.v1' })
  usage(): DockerUsagePayload {
    return this.stats.usage;
  }
}
