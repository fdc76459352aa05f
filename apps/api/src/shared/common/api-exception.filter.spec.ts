import {
  BadRequestException,
  HttpException,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ThrottlerException } from '@nestjs/throttler';

import { API_ERROR_STATUS, type ApiErrorCode } from '@drainboard/contracts';
import { DrainStateError } from '@drainboard/drain';

import { ApiError } from './api-error.js';
import { ApiExceptionFilter } from './api-exception.filter.js';
import { DEFAULT_ERROR_MESSAGES } from './error-body.js';

const filter = new ApiExceptionFilter(new HttpAdapterHost());
beforeAll(() => {
  Logger.overrideLogger(false);
});
const codes = Object.keys(API_ERROR_STATUS) as ApiErrorCode[];

describe('ApiExceptionFilter', () => {
  it.each(codes)('maps the domain error %s to its status with the error body', (code) => {
    expect(filter.toBody(new ApiError(code, `about ${code}`))).toEqual({
      statusCode: API_ERROR_STATUS[code],
      code,
      message: `about ${code}`,
    });
  });

  it('has a default message for every code', () => {
    expect(codes.filter((code) => !DEFAULT_ERROR_MESSAGES[code])).toEqual([]);
  });

  it.each(['ALREADY_DRAINING', 'ALREADY_STOPPING', 'NOT_DRAINING'] as const)(
    "maps the drain library's %s to 409",
    (code) => {
      expect(filter.toBody(new DrainStateError(code, 'no'))).toEqual({
        statusCode: 409,
        code,
        message: 'no',
      });
    },
  );

  it('keeps field errors of a validation failure', () => {
    const errors = [{ field: 'reason', message: 'reason must be a string' }];
    expect(filter.toBody(new ApiError('VALIDATION_FAILED', 'Request is invalid', errors))).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'Request is invalid',
      errors,
    });
  });

  it.each([
    [
      new NotFoundException('Cannot GET /x'),
      { statusCode: 404, code: 'NOT_FOUND', message: 'Cannot GET /x' },
    ],
    [new BadRequestException('nope'), { statusCode: 400, code: 'BAD_REQUEST', message: 'nope' }],
    [
      new ThrottlerException(),
      { statusCode: 429, code: 'RATE_LIMITED', message: DEFAULT_ERROR_MESSAGES.RATE_LIMITED },
    ],
    [
      new HttpException({ code: 'RUN_NOT_FOUND' }, 404),
      { statusCode: 404, code: 'RUN_NOT_FOUND', message: 'Http Exception' },
    ],
    [
      new ServiceUnavailableException('db'),
      { statusCode: 500, code: 'INTERNAL', message: 'Internal server error' },
    ],
  ])('maps framework exception %#', (exception, body) => {
    expect(filter.toBody(exception)).toEqual(body);
  });

  it('hides unknown errors behind a generic 500 without their message or stack', () => {
    const body = filter.toBody(new TypeError('secret detail at /srv/app.js:12'));
    expect(body).toEqual({ statusCode: 500, code: 'INTERNAL', message: 'Internal server error' });
  });
});
