import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/** Longest duration any demo endpoint accepts (10 minutes). */
export const MAX_DEMO_MS = 600_000;

/**
 * Longest `GET /demo/block` accepts (10 s): it blocks the whole process, health and admin port included, so one
 * unauthenticated request must not be able to freeze it for longer than a readiness probe tolerates.
 */
export const MAX_BLOCK_MS = 10_000;

/** Parses the `ms` query parameter: an integer from 0 to `max` (default `MAX_DEMO_MS`), default `fallback`. */
@Injectable()
export class ParseMsPipe implements PipeTransform<unknown, number> {
  constructor(
    private readonly fallback = 1000,
    private readonly max = MAX_DEMO_MS,
  ) {}

  transform(value: unknown): number {
    if (value === undefined || value === '') {
      return this.fallback;
    }
    const parsed = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(parsed) || parsed > this.max) {
      throw new BadRequestException(`ms must be an integer from 0 to ${this.max}`);
    }
    return parsed;
  }
}
