/** Period of the shared aggregation tick: at most 1000 / 250 = 4 `batch` events per second per client. */
export const LIVE_BATCH_INTERVAL_MS = 250;

/** Period of the counters ring buffer (one `CounterSample` per second). */
export const LIVE_SAMPLE_INTERVAL_MS = 1000;

/** Number of samples kept in the ring buffer and sent in a snapshot (two minutes at 1/s). */
export const LIVE_SAMPLE_CAPACITY = 120;

/** Most in-flight requests listed in a snapshot or tracked through batches; counters always carry the true count. */
export const LIVE_MAX_LISTED_REQUESTS = 500;

/**
 * Most packets a client may have waiting in the server's write buffer. A client at or above it is "behind": its
 * batches and events are dropped, and it gets a fresh snapshot once its buffer has drained.
 */
export const LIVE_MAX_BUFFERED_PACKETS = 8;
