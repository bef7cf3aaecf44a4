import { IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { Alias } from './aliases.js';
import { OptionalText, StringList, RequiredText } from './fields.js';

import {
  META_LIMITS,
  OBJECTIVE_TYPES,
  PRIORITIES,
  type ObjectiveType,
  type Priority,
} from '../meta.js';

export class EnqueueObjectiveDto {
  @RequiredText(META_LIMITS.objective)
  objective!: string;

  @Alias('objective_type')
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

  @OptionalText(META_LIMITS.owner)
  owner?: string;

  @StringList(META_LIMITS.refs, META_LIMITS.ref)
  refs?: string[];

  /** A small flat object of strings, numbers and booleans (checked by the service). */
  @IsOptional()
  @IsObject()
  metadata?: Record<string, string | number | boolean>;

  @Alias('dedupe_key')
  @IsOptional()
  @IsString()
  @MaxLength(META_LIMITS.objective + 100)
  dedupeKey?: string;
}
