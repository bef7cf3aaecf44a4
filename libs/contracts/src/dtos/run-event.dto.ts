import {
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { META_LIMITS, RUN_STATUSES, type RunStatus } from '../meta.js';

@ValidatorConstraint({ name: 'finiteNumberRecord' })
class FiniteNumberRecord implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      Object.entries(value).every(
        ([k, v]) => k.length > 0 && k.length <= 100 && typeof v === 'number' && Number.isFinite(v),
      )
    );
  }
  defaultMessage(): string {
    return 'metrics must map names (≤ 100 chars) to finite numbers';
  }
}

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
