import { IsIn, IsObject, IsOptional, IsString, MaxLength, Validate } from 'class-validator';
import { FiniteNumberRecord } from './fields.js';
import { META_LIMITS, RUN_STATUSES, type RunStatus } from '../meta.js';

/** A status change, metric values, or both. */
export class RunEventDto {
  @IsOptional()
  @IsIn(RUN_STATUSES, { message: `status must be one of: ${RUN_STATUSES.join(', ')}` })
  status?: RunStatus;

  /** Numeric metrics, e.g. { "loss": 0.31, "accuracy": 0.87 }. */
  @IsOptional()
  @IsObject()
  @Validate(FiniteNumberRecord)
  metrics?: Record<string, number>;

  @IsOptional()
  @IsString()
  @MaxLength(META_LIMITS.text)
  note?: string;

  @IsOptional()
  @IsString()
  @MaxLength(META_LIMITS.owner)
  owner?: string;
}
