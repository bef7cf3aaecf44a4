import { IsIn, IsOptional } from 'class-validator';
import { OBJECTIVE_STATES, PRIORITIES, type ObjectiveState, type Priority } from '../meta.js';
import { PageQueryDto } from './page-query.dto.js';

export class ObjectivesQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(OBJECTIVE_STATES, { message: `state must be one of: ${OBJECTIVE_STATES.join(', ')}` })
  state?: ObjectiveState;

  @IsOptional()
  @IsIn(PRIORITIES, { message: `priority must be one of: ${PRIORITIES.join(', ')}` })
  priority?: Priority;
}
