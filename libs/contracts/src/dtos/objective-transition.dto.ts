import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { META_LIMITS, OBJECTIVE_STATES, type ObjectiveState } from '../meta.js';

export class ObjectiveTransitionDto {
  @IsIn(OBJECTIVE_STATES, { message: `state must be one of: ${OBJECTIVE_STATES.join(', ')}` })
  state!: ObjectiveState;

  @IsOptional()
  @IsString()
  @MaxLength(META_LIMITS.owner)
  owner?: string;
}
