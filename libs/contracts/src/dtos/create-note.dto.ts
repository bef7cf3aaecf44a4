import {
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
} from 'class-validator';

import {
  META_LIMITS,
  NOTE_CATEGORIES,
  SEVERITIES,
  type NoteCategory,
  type Severity,
} from '../meta.js';
import { OptionalText, StringList, Targets, RequiredText, hasVisibleText } from './fields.js';
import { TargetDto } from './target.dto.js';

export class CreateNoteDto {
  /** Default `observation` (the original runtime's default). */
  @IsOptional()
  @IsIn(NOTE_CATEGORIES, { message: `category must be one of: ${NOTE_CATEGORIES.join(', ')}` })
  category?: NoteCategory;

  @IsOptional()
  @IsIn(SEVERITIES, { message: `severity must be one of: ${SEVERITIES.join(', ')}` })
  severity?: Severity;

  /** Optional when there is a text: the title is then its first line, cut to 160 characters. */
  @ValidateIf((o: CreateNoteDto) => o.title !== undefined || !hasVisibleText(o.text))
  @IsDefined({ message: 'a note needs a title, or a text to take it from' })
  @RequiredText(META_LIMITS.title)
  title?: string;

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

  /** A small flat object of strings, numbers and booleans (the original's `context`; checked by the service). */
  @IsOptional()
  @IsObject()
  context?: Record<string, string | number | boolean>;
}
