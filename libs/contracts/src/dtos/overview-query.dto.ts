import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Alias } from './aliases.js';
import { QueryFlag } from './fields.js';

/** GET /api/meta/overview: how many failure notes and active runs to include, and a refresh. */
export class OverviewQueryDto {
  @Alias('notes_limit')
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  notesLimit?: number;

  @Alias('runs_limit')
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  runsLimit?: number;

  /** Reconcile with Docker before answering (rate-limited). */
  @QueryFlag()
  @IsOptional()
  @IsBoolean({ message: 'refresh must be true or false' })
  refresh?: boolean;
}
