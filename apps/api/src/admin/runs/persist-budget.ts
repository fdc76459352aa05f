/**
 * The persist budget the API gives the drain library (its `persistTimeoutMs`): the least time the persist stage
 * waits for the run recorder, even when the drain deadline is spent.
 */
export const PERSIST_TIMEOUT_MS = 1000;

/**
 * Time kept out of the persist stage's budget (the library's `budgetMs`) for the spool: the save to Postgres
 * gets the rest, then the run is spooled (fsync'ed) instead, still within the budget.
 */
export const SPOOL_RESERVE_MS = 100;
