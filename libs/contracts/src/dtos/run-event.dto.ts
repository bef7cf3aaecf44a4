import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Metrics, OptionalRunStatus } from './fields.js';
import { META_LIMITS, type RunStatus } from '../meta.js';

/** A status change, metric values, or both. */
export class RunEventDto {
  @OptionalRunStatus()
  status?: RunStatus;

  /** Numeric metrics, e.g. { "loss": 0.31, "accuracy": 0.87 }. */
  @Metrics()
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
