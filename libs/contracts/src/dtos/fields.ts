// Reusable field rules for the DTOs, so the limits live in one place.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsString,
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
    ValidateNested({ each: true }),
    Type(() => TargetDto),
  );
}

/** An optional string of at most `length` characters. */
export function OptionalText(length: number): PropertyDecorator {
  return compose(IsOptional(), IsString(), MaxLength(length));
}
