// class-transformer's @Type reads design-time metadata, in the browser as in Node.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { META_LIMITS, RUN_TYPES, type RunType } from '../meta.js';
import { TargetDto } from './target.dto.js';

export class CreateRunDto {
  @IsIn(RUN_TYPES, { message: `type must be one of: ${RUN_TYPES.join(', ')}` })
  type!: RunType;

  @IsString()
  @MinLength(1)
  @MaxLength(META_LIMITS.title)
  title!: string;

  @IsOptional()
  @IsString()
  @MaxLength(META_LIMITS.owner)
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

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(META_LIMITS.refs)
  @IsString({ each: true })
  @MaxLength(META_LIMITS.ref, { each: true })
  links?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(META_LIMITS.tags)
  @IsString({ each: true })
  @MaxLength(META_LIMITS.tag, { each: true })
  tags?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(META_LIMITS.targets)
  @ValidateNested({ each: true })
  @Type(() => TargetDto)
  targets?: TargetDto[];
}
