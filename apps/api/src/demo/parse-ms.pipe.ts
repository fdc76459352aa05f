import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/** Longest duration any demo endpoint accepts (10 minutes). */
export const MAX_DEMO_MS = 600_000;

/** Parses the `ms` query parameter: an integer from 0 to `MAX_DEMO_MS`, default `fallback`. */
@Injectable()
export class ParseMsPipe implements PipeTransform<unknown, number> {
  constructor(private readonly fallback = 1000) {}

  transform(value: unknown): number {
    if (value === undefined || value === '') return this.fallback;
    const parsed = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(parsed) || parsed > MAX_DEMO_MS) {
      throw new BadRequestException(`ms must be an integer from 0 to ${MAX_DEMO_MS}`);
    }
    return parsed;
  }
}
