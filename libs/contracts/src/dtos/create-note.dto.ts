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
import {
  META_LIMITS,
  NOTE_CATEGORIES,
  SEVERITIES,
  type NoteCategory,
  type Severity,
} from '../meta.js';
import { TargetDto } from './target.dto.js';

export class CreateNoteDto {
  @IsIn(NOTE_CATEGORIES, { message: `category must be one of: ${NOTE_CATEGORIES.join(', ')}` })
  category!: NoteCategory;

  @IsOptional()
  @IsIn(SEVERITIES, { message: `severity must be one of: ${SEVERITIES.join(', ')}` })
  severity?: Severity;

  @IsString()
  @MinLength(1)
  @MaxLength(META_LIMITS.title)
  title!: string;

  @IsOptional()
  @IsString()
  @MaxLength(META_LIMITS.text)
  text?: string;

  @IsOptional()
  @IsString()
  @MaxLength(META_LIMITS.owner)
  owner?: string;

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
