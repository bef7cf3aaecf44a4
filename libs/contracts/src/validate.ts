import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { resolveAliases } from './dtos/aliases.js';

/** Field-level messages keyed by property path (`targets.0.id`), as the API's 400 `fields` carries them. */
export type FieldErrors = Record<string, string[]>;

/** Flattens class-validator's tree into {@link FieldErrors}. */
export function fieldErrors(
  errors: ValidationError[],
  prefix = '',
  out: FieldErrors = {},
): FieldErrors {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      out[path] = Object.values(error.constraints);
    }
    if (error.children?.length) {
      fieldErrors(error.children, path, out);
    }
  }
  return out;
}

/**
 * Validates a plain body against a shared DTO with the server's rules (unknown fields rejected),
 * so a form can show the same messages before it sends anything. Empty when valid.
 */
export async function validateBody<T extends object>(
  dto: new () => T,
  body: object,
): Promise<FieldErrors> {
  const resolved = resolveAliases(dto, body as Record<string, unknown>);
  const instance = plainToInstance(dto, resolved.body);
  return {
    ...fieldErrors(await validate(instance, { whitelist: true, forbidNonWhitelisted: true })),
    ...resolved.errors,
  };
}
