/** One resource the process opened, and how to close it. */
export interface Closer {
  name: string;
  /** Closes it; may resolve with where its time went, for the exit's stage line. */
  close(): Promise<string | void>;
  /** Skipped by a forced exit (the third signal): only what must not be left behind (a database server) closes. */
  skipWhenForced?: boolean;
  /** True when something it held was lost for good (a run written nowhere): the exit code is then 1. */
  lost?(): boolean;
}

/** What `closeAll` did with one closer. */
export interface Closed {
  name: string;
  ms: number;
  detail?: string;
  skipped?: boolean;
}

/**
 * The process's resources, added by boot as each opens (the DATA_DIR lock, the database, the admin app),
 * closed last opened first by the final exit and by boot's failure path. Each closes once: a second
 * `closeAll` (a signal during the clean-up) finds nothing left.
 */
export class Closers {
  private readonly added: Closer[] = [];
  private readonly open: Closer[] = [];

  add(closer: Closer): void {
    this.added.push(closer);
    this.open.push(closer);
  }

  /** Whether a closer, open or closed, says something was lost for good (see `Closer.lost`). */
  lost(): boolean {
    return this.added.some((closer) => closer.lost?.() === true);
  }

  /**
   * Closes what is still open, last opened first. A failing close is reported through `onError` and the
   * others still close. Resolves with what each took.
   */
  async closeAll(
    { forced = false }: { forced?: boolean },
    onError: (name: string, error: unknown) => void,
  ): Promise<Closed[]> {
    const closed: Closed[] = [];
    for (let closer = this.open.pop(); closer; closer = this.open.pop()) {
      if (forced && closer.skipWhenForced) {
        closed.push({ name: closer.name, ms: 0, skipped: true });
        continue;
      }
      const started = performance.now();
      let detail: string | undefined;
      try {
        detail = (await closer.close()) ?? undefined;
      } catch (error) {
        onError(closer.name, error);
      }
      closed.push({ name: closer.name, ms: Math.round(performance.now() - started), detail });
    }
    return closed;
  }
}
