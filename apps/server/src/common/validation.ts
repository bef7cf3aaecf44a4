import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { fieldErrors } from '@simscope/contracts';

/** The global pipe: unknown fields are rejected, and a 400 lists messages per field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
