import { IsIn, IsOptional } from 'class-validator';
import { RUN_STATUSES, RUN_TYPES, type RunStatus, type RunType } from '../meta.js';
import { PageQueryDto } from './page-query.dto.js';

export class RunsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(RUN_STATUSES, { message: `status must be one of: ${RUN_STATUSES.join(', ')}` })
  status?: RunStatus;

  @IsOptional()
  @IsIn(RUN_TYPES, { message: `type must be one of: ${RUN_TYPES.join(', ')}` })
  type?: RunType;
}
