import { BadRequestException, ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { fieldErrors, resolveAliases } from '@simscope/contracts';
import { jsonShapeProblem } from './json-shape.js';

/** Checks the raw shape (depth, well-formed text) before class-transformer ever sees the value. */
class ShapeCheckingValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Only what came over the wire: not the socket or request objects handed to handlers.
    const problem = metadata.type === 'custom' ? null : jsonShapeProblem(value);
    if (problem) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: [problem.message],
        fields: { [problem.path || metadata.type]: [problem.message] },
      });
    }
    // The original runtime's field names (each DTO's @Alias) become simscope's before validation.
    const dto = metadata.metatype;
    if (dto && metadata.type !== 'custom' && typeof value === 'object' && value !== null) {
      const resolved = resolveAliases(dto as new () => object, value as Record<string, unknown>);
      if (Object.keys(resolved.errors).length > 0) {
        throw badRequest(resolved.errors);
      }
      return super.transform(resolved.body, metadata);
    }
    return super.transform(value, metadata);
  }
}

function badRequest(fields: Record<string, string[]>): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: Object.entries(fields).flatMap(([, messages]) => messages),
    fields,
  });
}

/** The global pipe: unknown fields are rejected, and a 400 lists messages per field. */
export function createValidationPipe(): ValidationPipe {
  return new ShapeCheckingValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => badRequest(fieldErrors(errors)),
  });
}
