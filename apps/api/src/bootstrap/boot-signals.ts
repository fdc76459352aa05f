/** The signals the drain library handles once the API is up; boot handles them until then. */
export const BOOT_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/** How many signals during boot force the process out at once (as the third does once running). */
const FORCING_COUNT = 3;

/** Raised when a signal stopped the boot before the database could take a record of it. */
export class BootInterruptedError extends Error {
  constructor(
    readonly signal: NodeJS.Signals,
    readonly step: string,
  ) {
    super(
      `${signal} received while ${step}: stopped before the database was reachable, so nothing was recorded`,
    );
    this.name = 'BootInterruptedError';
  }
}

/**
 * Signal handling from the first line of boot until the drain library takes over, so no signal ever kills the
 * process mid-boot with its embedded Postgres left behind.
 *
 * - Until the database is ready, a signal aborts the boot: whatever is starting (initdb, Postgres, a
 *   migration) is stopped, and the boot rejects with `BootInterruptedError` (one line, exit 1).
 * - From then on, signals are held and handed to the drain library once the API is up, so the stop runs
 *   normally and is recorded once. A third signal meanwhile forces the process out (`onForced`).
 */
export class BootSignals {
  private readonly controller = new AbortController();
  private readonly held: NodeJS.Signals[] = [];
  private databaseReady = false;
  private released = false;
  private current = 'loading the API';
  private onForced: (signal: NodeJS.Signals, step: string) => void = () => process.exit(1);
  private readonly onSignal = (signal: NodeJS.Signals): void => this.receive(signal);

  /** Install it first thing in the process (main.ts), before the heavy modules load. */
  constructor() {
    for (const signal of BOOT_SIGNALS) {
      process.on(signal, this.onSignal);
    }
  }

  /** What a third held signal does: exit without a record (boot sets it once there is a database to close). */
  whenForced(handler: (signal: NodeJS.Signals, step: string) => void): void {
    this.onForced = handler;
  }

  /** Aborted by the first signal before the database is ready. */
  get abortSignal(): AbortSignal {
    return this.controller.signal;
  }

  /** Names what boot is doing now (used in the interrupted line). */
  step(description: string): void {
    this.current = description;
  }

  /** The step that was running when the first signal came. */
  get interruptedStep(): string {
    return this.current;
  }

  /** Throws `BootInterruptedError` when a signal arrived before the database was ready. */
  throwIfInterrupted(): void {
    const reason: unknown = this.controller.signal.reason;
    if (this.controller.signal.aborted) {
      throw reason;
    }
  }

  /** From now on signals are held for the drain library: a stop can be recorded. */
  markDatabaseReady(): void {
    this.throwIfInterrupted();
    this.databaseReady = true;
  }

  /**
   * Hands over to the drain library, whose handlers must be installed already: removes these handlers, then
   * delivers the held signals to the library's in the order they came.
   */
  release(): void {
    if (this.released) {
      return;
    }
    this.released = true;
    for (const signal of BOOT_SIGNALS) {
      process.off(signal, this.onSignal);
    }
    for (const signal of this.held) {
      process.emit(signal, signal);
    }
  }

  /** Removes the handlers without delivering anything (the boot failed). */
  dispose(): void {
    this.released = true;
    for (const signal of BOOT_SIGNALS) {
      process.off(signal, this.onSignal);
    }
  }

  private receive(signal: NodeJS.Signals): void {
    if (this.released) {
      return;
    }
    if (!this.databaseReady) {
      if (!this.controller.signal.aborted) {
        this.controller.abort(new BootInterruptedError(signal, this.current));
      }
      return;
    }
    this.held.push(signal);
    if (this.held.length === FORCING_COUNT) {
      this.onForced(signal, this.current);
    }
  }
}
