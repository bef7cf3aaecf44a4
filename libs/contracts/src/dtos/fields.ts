// Reusable field rules for the DTOs, so the limits live in one place.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { META_LIMITS } from '../meta.js';
import { TargetDto } from './target.dto.js';

function compose(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}

/** An optional list of short strings: tags (default), links or refs. */
export function StringList(
  max: number = META_LIMITS.tags,
  length: number = META_LIMITS.tag,
): PropertyDecorator {
  return compose(
    IsOptional(),
    IsArray(),
    ArrayMaxSize(max),
    IsString({ each: true }),
    MaxLength(length, { each: true }),
  );
}

/** An optional list of links to containers, clusters, experiments or runs. */
export function Targets(): PropertyDecorator {
  return compose(
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

/** A required string of at most `length` characters with something besides whitespace in it. */
export function RequiredText(length: number): PropertyDecorator {
  return compose(
    IsString(),
    MaxLength(length),
    Matches(/\S/, { message: '$property must not be blank' }),
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
