import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

import {
  META_LIMITS,
  NOTE_CATEGORIES,
  SEVERITIES,
  type NoteCategory,
  type Severity,
} from '../meta.js';
import { OptionalText, StringList, Targets, RequiredText } from './fields.js';
import { TargetDto } from './target.dto.js';

export class CreateNoteDto {
  @IsIn(NOTE_CATEGORIES, { message: `category must be one of: ${NOTE_CATEGORIES.join(', ')}` })
  category!: NoteCategory;

  @IsOptional()
  @IsIn(SEVERITIES, { message: `severity must be one of: ${SEVERITIES.join(', ')}` })
  severity?: Severity;

  @RequiredText(META_LIMITS.title)
  title!: string;

  @IsOptional()
  @IsString()
  @MaxLength(META_LIMITS.text)
  text?: string;

  @OptionalText(META_LIMITS.owner)
  owner?: string;

  @StringList()
  tags?: string[];

  @Targets()
  targets?: TargetDto[];
}
