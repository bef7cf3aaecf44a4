import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CalendarDate } from './fields.js';
import { SIM_EVENTS_RECENT } from '../payloads/sim-events.js';

/** GET /api/docker/simulations/:ref/events — newest first, `cursor` from the previous page. */
export class SimEventsQueryDto {
  /** Only events of this type (`tick_completed`, `error`…). */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  type?: string;

  /** Only events written at or after this time. */
  @IsOptional()
  @CalendarDate()
  since?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(SIM_EVENTS_RECENT)
  limit?: number;

  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}
