import { Body, Controller, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ContainerActionDto, type ActionResultPayload } from '@simscope/contracts';
import type { Request } from 'express';
import { identityOf } from '../auth/identity.js';
import { NeedsRole } from '../auth/needs-role.js';
import { WriteTokenGuard } from '../common/write-token.guard.js';
import { ActionsService } from './actions.service.js';

@ApiTags('actions')
@Controller('docker/simulations')
export class ActionsController {
  constructor(private readonly actions: ActionsService) {}

  // Viewer to reach the route; the admin role is checked by the actions policy, so that a refusal
  // is recorded as an `action` note like every other outcome.
  @Post(':ref/actions')
  @NeedsRole('viewer')
  @UseGuards(WriteTokenGuard)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Start, stop or restart a simulation (admin; only when the server has actions on)',
  })
  @ApiAcceptedResponse({ description: 'simscope.action.v1' })
  @ApiForbiddenResponse({ description: "not admin, simscope's own container, or protected" })
  @ApiNotFoundResponse({ description: 'actions off, or no such simulation' })
  act(
    @Param('ref') ref: string,
    @Body() dto: ContainerActionDto,
    @Req() req: Request,
  ): Promise<ActionResultPayload> {
    return this.actions.act(ref, dto.action, identityOf(req), req.ip ?? 'unknown');
  }
}
