import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CalendarDate } from './fields.js';
import { NOTE_CATEGORIES, SEVERITIES, type NoteCategory, type Severity } from '../meta.js';
import { PageQueryDto } from './page-query.dto.js';

export class NotesQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(NOTE_CATEGORIES, { message: `category must be one of: ${NOTE_CATEGORIES.join(', ')}` })
  category?: NoteCategory;

  @IsOptional()
  @IsIn(SEVERITIES, { message: `severity must be one of: ${SEVERITIES.join(', ')}` })
  severity?: Severity;

  @IsOptional()
  @IsString()
  @MaxLength(60)
  tag?: string;

  /** A target id (container, cluster, experiment or run). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  target?: string;

  @IsOptional()
  @CalendarDate()
  since?: string;

  @IsOptional()
  @CalendarDate()
  until?: string;
}
