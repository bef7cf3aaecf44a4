import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { RUN_STATUSES, RUN_TYPES, type RunStatus, type RunType } from '../meta.js';
import { Alias } from './aliases.js';
import { PageQueryDto } from './page-query.dto.js';

export class RunsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(RUN_STATUSES, { message: `status must be one of: ${RUN_STATUSES.join(', ')}` })
  status?: RunStatus;

  @Alias('run_type')
  @IsOptional()
  @IsIn(RUN_TYPES, { message: `type must be one of: ${RUN_TYPES.join(', ')}` })
  type?: RunType;

  /** Runs linked to this target id (a container, cluster, experiment or run), any kind. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  target?: string;
}
