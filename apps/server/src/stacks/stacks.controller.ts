import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { StackDetail, StacksPayload } from '@simscope/contracts';
import { NeedsRole } from '../auth/needs-role.js';
import { StacksService } from './stacks.service.js';

@ApiTags('stacks')
@Controller('stacks')
export class StacksController {
  constructor(private readonly stacks: StacksService) {}

  @Get()
  @NeedsRole('viewer')
  @ApiOperation({
    summary: 'Every stack (compose project or simscope.cluster): services by state, impact, cycles',
  })
  @ApiOkResponse({ description: 'simscope.stacks.v1' })
  list(): StacksPayload {
    return this.stacks.list();
  }

  @Get(':name')
  @NeedsRole('viewer')
  @ApiOperation({
    summary: "One stack's services (state, impact and why), dependency edges and cycles",
  })
  @ApiOkResponse({ description: 'simscope.stack.v1' })
  get(@Param('name') name: string): StackDetail {
    const stack = this.stacks.get(name);
    if (!stack) {
      throw new NotFoundException(`No stack '${name}'`);
    }
    return stack;
  }
}
