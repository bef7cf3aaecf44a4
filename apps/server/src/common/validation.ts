import { BadRequestException, ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { fieldErrors } from '@simscope/contracts';
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
    return super.transform(value, metadata);
  }
}

/** The global pipe: unknown fields are rejected, and a 400 lists messages per field. */
export function createValidationPipe(): ValidationPipe {
  return new ShapeCheckingValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = fieldErrors(errors);
      return new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: Object.entries(fields).flatMap(([, messages]) => messages),
        fields,
      });
    },
  });
}
