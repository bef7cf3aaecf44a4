import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { META_LIMITS, TARGET_KINDS, type TargetKind } from '../meta.js';

/** Links a record to a container, cluster, experiment or run. */
export class TargetDto {
  @IsIn(TARGET_KINDS, { message: `kind must be one of: ${TARGET_KINDS.join(', ')}` })
  kind!: TargetKind;

  @IsString()
  @MinLength(1)
  @MaxLength(META_LIMITS.targetId)
  id!: string;
}
