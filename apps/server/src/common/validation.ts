import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

function collect(errors: ValidationError[], prefix = '', out: Record<string, string[]> = {}) {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      out[path] = Object.values(error.constraints);
    }
    if (error.children?.length) {
      collect(error.children, path, out);
    }
  }
  return out;
}

/** The global pipe: unknown fields are rejected, and a 400 lists messages per field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = collect(errors);
      return new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: Object.entries(fields).flatMap(([, messages]) => messages),
        fields,
      });
    },
  });
}
