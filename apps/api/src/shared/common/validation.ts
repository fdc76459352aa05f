import { type ArgumentMetadata, type ValidationError, ValidationPipe } from '@nestjs/common';

import type { FieldError } from '@drainboard/contracts';

import { ApiError } from './api-error.js';

/** The one message shown per field: a type check (`isString`, `isInt`, ...) first, as it explains the others. */
function firstMessage(constraints: Record<string, string> | undefined): string | undefined {
  const entries = Object.entries(constraints ?? {});
  return (entries.find(([name]) => /^is[A-Z]/.test(name)) ?? entries[0])?.[1];
}

/** Flattens class-validator's nested errors into one `{ field, message }` per field, with dotted field paths. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const message = firstMessage(error.constraints);
    const own = message === undefined ? [] : [{ field, message }];
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

/**
 * The admin app's validation pipe: a DTO body must be a JSON object (an array would slip through
 * class-validator), unknown fields are rejected (`whitelist` + `forbidNonWhitelisted`), there is no implicit
 * type conversion, one message per field, and failures become `VALIDATION_FAILED` with field-level messages.
 */
export class AdminValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) =>
        new ApiError('VALIDATION_FAILED', 'Request is invalid', toFieldErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    if (metadata.type === 'body' && value !== undefined && !isObject && this.toValidate(metadata)) {
      throw new ApiError('VALIDATION_FAILED', 'Request body must be a JSON object');
    }
    return super.transform(value, metadata);
  }
}
