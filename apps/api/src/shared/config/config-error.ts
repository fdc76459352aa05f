/** One invalid environment variable. */
export interface ConfigIssue {
  /** The environment variable's name, e.g. `DRAIN_DEADLINE_MS`. */
  variable: string;
  /** What is wrong, with the (masked, when secret) value received. */
  message: string;
}

/** Thrown by `loadConfig` when one or more environment variables are invalid; the message names each one. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      `Invalid configuration:\n${issues.map((issue) => `  - ${issue.variable}: ${issue.message}`).join('\n')}`,
    );
  }
}

/** Shows the first two characters of a secret and hides the rest. */
export function maskSecret(value: string): string {
  return value.length <= 2 ? '*'.repeat(value.length) : `${value.slice(0, 2)}${'*'.repeat(value.length - 2)}`;
}

/** A connection URL with its password replaced by `****`; unparsable input is fully masked. */
export function maskUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) {
      url.password = '****';
    }
    return url.toString();
  } catch {
    return maskSecret(value);
  }
}
