import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SimEventsQueryDto, type SimEventsPage } from '@simscope/contracts';
import { NeedsRole } from '../auth/needs-role.js';
import { SimEventsService } from './sim-events.service.js';

@ApiTags('docker')
@Controller('docker')
export class SimEventsController {
  constructor(private readonly events: SimEventsService) {}

  @Get('simulations/:id/events')
  @NeedsRole('viewer')
  @ApiOperation({
    summary:
      'A simulation’s recent events (label <prefix>.events), newest first, by type and time; env values masked',
  })
  @ApiOkResponse({ description: 'simscope.sim-events.v1' })
  page(@Param('id') id: string, @Query() query: SimEventsQueryDto): SimEventsPage {
    return this.events.page(id, query);
  }
}
