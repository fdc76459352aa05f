import type { ConfigIssue } from './config-error.js';

/** Integer bounds of a numeric variable. */
export interface IntRange {
  min: number;
  max: number;
}

/**
 * Reads environment variables one at a time, collecting every problem instead of stopping at the first,
 * so that a bad deployment is fixed in one go. Empty strings count as unset.
 */
export class EnvReader {
  readonly issues: ConfigIssue[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** The trimmed value, or undefined when unset or blank. */
  raw(variable: string): string | undefined {
    const value = this.env[variable]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  fail(variable: string, message: string): void {
    this.issues.push({ variable, message });
  }

  /** A base-10 integer within `range`; `fallback` when unset. */
  int(variable: string, fallback: number, range: IntRange): number {
    const value = this.raw(variable);
    if (value === undefined) {
      return fallback;
    }
    const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(parsed) || parsed < range.min || parsed > range.max) {
      this.fail(variable, `must be an integer from ${range.min} to ${range.max} (got "${value}")`);
      return fallback;
    }
    return parsed;
  }

  /** One of `choices`; `fallback` when unset. */
  oneOf<T extends string>(variable: string, fallback: T, choices: readonly T[]): T {
    const value = this.raw(variable);
    if (value === undefined) {
      return fallback;
    }
    if (!(choices as readonly string[]).includes(value)) {
      this.fail(variable, `must be one of ${choices.join(', ')} (got "${value}")`);
      return fallback;
    }
    return value as T;
  }

  /** A string matching `pattern`; `fallback` when unset. */
  matching(variable: string, fallback: string, pattern: RegExp, rule: string): string {
    const value = this.raw(variable);
    if (value === undefined) {
      return fallback;
    }
    if (!pattern.test(value)) {
      this.fail(variable, `${rule} (got "${value}")`);
      return fallback;
    }
    return value;
  }
}
