/** What started a drain run. */
export const TRIGGER_SOURCES = ['signal', 'admin', 'api'] as const;

export type TriggerSource = (typeof TRIGGER_SOURCES)[number];

export interface DrainTrigger {
  source: TriggerSource;
  /** Signal name when `source` is `signal` (e.g. `SIGTERM`). */
  signal?: string;
  /** Free text given by the operator or the caller. */
  reason?: string;
  /** Name of the admin token that started the run when `source` is `admin` (`admin` for `ADMIN_TOKEN`). */
  caller?: string;
  /** Admin caller's user agent and address when `source` is `admin`. */
  userAgent?: string;
  ip?: string;
  /** When the command came through the fleet API: the instance whose admin port received it. */
  via?: string;
}

/** How a trigger reads in lists: the signal name, else the admin token's name, else the source. */
export function triggerLabel(trigger: DrainTrigger): string {
  return trigger.signal ?? trigger.caller ?? trigger.source;
}
