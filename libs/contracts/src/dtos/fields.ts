// Reusable field rules for the DTOs, so the limits live in one place.
import 'reflect-metadata';
import { Transform, Type, plainToInstance } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Validate,
  MaxLength,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { META_LIMITS, RUN_STATUSES } from '../meta.js';
import { TargetDto } from './target.dto.js';
import { splitList, toTargets } from './aliases.js';

function compose(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}

/**
 * An optional list of short strings: tags (default), links or refs. A comma-separated string is a
 * list too (the original runtime's form); items are trimmed and repeats (ignoring case) kept once.
 */
export function StringList(
  max: number = META_LIMITS.tags,
  length: number = META_LIMITS.tag,
): PropertyDecorator {
  return compose(
    Transform(({ value }) => splitList(value)),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(max),
    IsString({ each: true }),
    MaxLength(length, { each: true }),
  );
}

/**
 * An optional list of links to containers, clusters, experiments or runs: `{ kind, id }` objects,
 * or strings `kind:id` (a bare name is a container), or one comma-separated string of those.
 */
export function Targets(): PropertyDecorator {
  return compose(
    // Runs after @Type: targets made here from strings become TargetDto too (ValidateNested).
    Transform(({ value }) => {
      const targets = toTargets(value);
      return Array.isArray(targets)
        ? targets.map((t: unknown) =>
            t instanceof TargetDto || typeof t !== 'object' || t === null || Array.isArray(t)
              ? t
              : plainToInstance(TargetDto, t),
          )
        : targets;
    }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(META_LIMITS.targets),
    // A nested array passes ValidateNested untouched (and is stored as {}): each must be an object.
    IsObject({ each: true, message: 'each of $property must be an object { kind, id }' }),
    ValidateNested({ each: true }),
    Type(() => TargetDto),
  );
}

/** An optional string of at most `length` characters. */
export function OptionalText(length: number): PropertyDecorator {
  return compose(IsOptional(), IsString(), MaxLength(length));
}

/** Whether a text holds something visible (not only whitespace or invisible format characters). */
export function hasVisibleText(value: unknown): boolean {
  return typeof value === 'string' && VISIBLE.test(value);
}
const VISIBLE = /[^\s\p{Cf}]/u;

/** A query flag: `true`/`1` and `false`/`0` as booleans; anything else is left for IsBoolean to refuse. */
export function QueryFlag(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value,
  );
}

/**
 * A required string of at most `length` characters, trimmed, with something visible in it: not only
 * whitespace nor invisible format characters (zero-width spaces, joiners, BOM).
 */
export function RequiredText(length: number): PropertyDecorator {
  return compose(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.trim() : value,
    ),
    IsString(),
    MaxLength(length),
    Matches(VISIBLE, { message: '$property must not be blank' }),
  );
}

/**
 * A calendar date or date-time in ISO 8601 (2026-01-31, 2026-01-31T12:00:00Z, with an offset or
 * fractions). Week and ordinal dates (2020-W01, 2020-001) are ISO too, but Date.parse cannot read
 * them, so a filter given one would be silently ignored: refused instead.
 */
export function CalendarDate(): PropertyDecorator {
  return compose(
    IsISO8601({ strict: true }, { message: '$property must be a valid ISO 8601 date' }),
    Matches(
      /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/,
      {
        message: '$property must be a calendar date such as 2026-01-31 or 2026-01-31T12:00:00Z',
      },
    ),
  );
}

/** Optional numeric metrics, e.g. { "loss": 0.31, "accuracy": 0.87 } (a run's creation and events). */
export function Metrics(): PropertyDecorator {
  return compose(IsOptional(), IsObject(), Validate(FiniteNumberRecord));
}

/** An optional run status (a run's creation and events). */
export function OptionalRunStatus(): PropertyDecorator {
  return compose(
    IsOptional(),
    IsIn(RUN_STATUSES, { message: `status must be one of: ${RUN_STATUSES.join(', ')}` }),
  );
}

/** Metric values: names (≤ 100 chars) → finite numbers. */
@ValidatorConstraint({ name: 'finiteNumberRecord' })
export class FiniteNumberRecord implements ValidatorConstraintInterface {
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
