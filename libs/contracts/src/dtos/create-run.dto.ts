import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

import { META_LIMITS, RUN_TYPES, type RunType } from '../meta.js';
import { OptionalText, StringList, Targets, RequiredText } from './fields.js';
import { TargetDto } from './target.dto.js';

export class CreateRunDto {
  @IsIn(RUN_TYPES, { message: `type must be one of: ${RUN_TYPES.join(', ')}` })
  type!: RunType;

  @RequiredText(META_LIMITS.title)
  title!: string;

  @OptionalText(META_LIMITS.owner)
  owner?: string;

  @IsOptional()
  @IsString()
  @MaxLength(META_LIMITS.objective)
  objective?: string;

  @IsOptional()
  @IsString()
  @MaxLength(META_LIMITS.ref)
  model?: string;

  @IsOptional()
  @IsString()
  @MaxLength(META_LIMITS.ref)
  dataset?: string;

  @StringList(META_LIMITS.refs, META_LIMITS.ref)
  links?: string[];

  @StringList()
  tags?: string[];

  @Targets()
  targets?: TargetDto[];
}
