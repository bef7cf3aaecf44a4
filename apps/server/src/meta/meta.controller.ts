import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateNoteDto,
  CreateRunDto,
  EnqueueObjectiveDto,
  NotesQueryDto,
  ObjectiveTransitionDto,
  ObjectivesQueryDto,
  OverviewQueryDto,
  RunsQueryDto,
  RunEventDto,
  type MetaOverview,
  type Note,
  type Objective,
  type Page,
  type Run,
} from '@simscope/contracts';
import type { Request, Response } from 'express';
import { authorOf, identityOf } from '../auth/identity.js';
import { WriteRateLimitGuard } from '../common/write-rate-limit.guard.js';
import { WriteTokenGuard } from '../common/write-token.guard.js';
import { MetaService } from './meta.service.js';
import { OverviewService } from './overview.service.js';
import { NeedsRole } from '../auth/needs-role.js';

/** Writes: token first (when set), then the per-client rate limit. */
const Write = () => UseGuards(WriteTokenGuard, WriteRateLimitGuard);

@ApiTags('meta')
@ApiBearerAuth()
@Controller('meta')
export class MetaController {
  constructor(
    private readonly meta: MetaService,
    private readonly overviewService: OverviewService,
  ) {}

  @Get('notes')
  @NeedsRole('viewer')
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOperation({ summary: 'Notes, newest first (a Page<Note>), filtered by the indexed fields' })
  notes(@Query() q: NotesQueryDto): Promise<string> {
    return this.meta.listNotesJson(q);
  }

  @Post('notes')
  @NeedsRole('operator')
  @Write()
  @ApiOperation({ summary: 'Append a note (201 once it is on disk)' })
  addNote(@Body() dto: CreateNoteDto, @Req() req: Request): Promise<Note> {
    return this.meta.addNote(dto, 'user', authorOf(identityOf(req)));
  }

  @Get('runs')
  @NeedsRole('viewer')
  runs(@Query() q: RunsQueryDto): Page<Run> {
    return this.meta.listRuns(q);
  }

  @Get('runs/:id')
  @NeedsRole('viewer')
  run(@Param('id') id: string): Run {
    return this.meta.getRun(id);
  }

  @Post('runs')
  @NeedsRole('operator')
  @Write()
  createRun(@Body() dto: CreateRunDto, @Req() req: Request): Promise<Run> {
    return this.meta.createRun(dto, authorOf(identityOf(req)));
  }

  @Post('runs/:id/events')
  @NeedsRole('operator')
  @Write()
  @ApiOperation({ summary: 'Status change and/or metrics; 409 for an invalid transition' })
  runEvent(@Param('id') id: string, @Body() dto: RunEventDto, @Req() req: Request): Promise<Run> {
    return this.meta.runEvent(id, dto, authorOf(identityOf(req)));
  }

  @Get('objectives')
  @NeedsRole('viewer')
  objectives(@Query() q: ObjectivesQueryDto): Page<Objective> {
    return this.meta.listObjectives(q);
  }

  @Post('objective/enqueue')
  @NeedsRole('operator')
  @Write()
  @ApiOperation({
    summary: 'Enqueue; 200 with the open objective when its dedupe key is already queued',
  })
  async enqueue(
    @Body() dto: EnqueueObjectiveDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Objective> {
    const { objective, created } = await this.meta.enqueue(dto, authorOf(identityOf(req)));
    res.status(created ? 201 : 200);
    return objective;
  }

  @Post('objectives/:id/transition')
  @NeedsRole('operator')
  @Write()
  @HttpCode(200)
  transition(
    @Param('id') id: string,
    @Body() dto: ObjectiveTransitionDto,
    @Req() req: Request,
  ): Promise<Objective> {
    return this.meta.transition(id, dto, authorOf(identityOf(req)));
  }

  @Get('overview')
  @NeedsRole('viewer')
  overview(@Query() query: OverviewQueryDto): Promise<MetaOverview> {
    return this.overviewService.overview(query);
  }
}
