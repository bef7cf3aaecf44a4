import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { CalendarDate } from './fields.js';
import { LOG_STREAMS } from '../payloads/logs.js';

export const LOGS_MAX_LINES = 2000;

export class LogsQueryDto {
  /** Lines from the end (default 200, at most 2000). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(LOGS_MAX_LINES)
  tail?: number;

  /** Only lines after this time. */
  @IsOptional()
  @CalendarDate()
  since?: string;

  @IsOptional()
  @IsIn(LOG_STREAMS, { message: `stream must be one of: ${LOG_STREAMS.join(', ')}` })
  stream?: (typeof LOG_STREAMS)[number];
}
