import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import {
  META_LIMITS,
  OBJECTIVE_TYPES,
  PRIORITIES,
  type ObjectiveType,
  type Priority,
} from '../meta.js';

export class EnqueueObjectiveDto {
  @IsString()
  @MinLength(1)
  @MaxLength(META_LIMITS.objective)
  objective!: string;

  @IsOptional()
  @IsIn(OBJECTIVE_TYPES, { message: `objectiveType must be one of: ${OBJECTIVE_TYPES.join(', ')}` })
  objectiveType?: ObjectiveType;

  @IsOptional()
  @IsString()
  @MaxLength(META_LIMITS.targetId)
  target?: string;

  @IsOptional()
  @IsIn(PRIORITIES, { message: `priority must be one of: ${PRIORITIES.join(', ')}` })
  priority?: Priority;

  @IsOptional()
  @IsString()
  @MaxLength(META_LIMITS.owner)
  owner?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(META_LIMITS.refs)
  @IsString({ each: true })
  @MaxLength(META_LIMITS.ref, { each: true })
  refs?: string[];

  /** A small flat object of strings, numbers and booleans (checked by the service). */
  @IsOptional()
  @IsObject()
  metadata?: Record<string, string | number | boolean>;

  @IsOptional()
  @IsString()
  @MaxLength(META_LIMITS.objective + 100)
  dedupeKey?: string;
}
