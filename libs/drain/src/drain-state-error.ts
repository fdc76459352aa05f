/** Codes of `DrainStateError`; the admin API maps each one to 409. */
export type DrainStateErrorCode = 'ALREADY_DRAINING' | 'ALREADY_STOPPING' | 'NOT_DRAINING';

/** Thrown when a transition is not allowed from the current state. */
export class DrainStateError extends Error {
  constructor(
    readonly code: DrainStateErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DrainStateError';
  }
}
