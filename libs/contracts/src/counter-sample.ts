/** One sample of the counters used to draw charts. */
export interface CounterSample {
  /** ISO-8601 time of the sample. */
  at: string;
  inFlight: number;
  /** Requests finished per second over the last second. */
  throughput: number;
  openConnections: number;
  /** Open traffic sockets by state (`idle + busy + realtime` = `openConnections`). */
  connections: ConnectionsByState;
  /** Responses per second over the last second, by status class. */
  responses: ResponseRates;
}

/** Open traffic sockets: idle keep-alive, serving a request, upgraded or streaming (WebSocket, SSE). */
export interface ConnectionsByState {
  idle: number;
  busy: number;
  realtime: number;
}

/** HTTP status classes counted by the live feed. */
export const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

export type StatusClass = (typeof STATUS_CLASSES)[number];

/** Responses per second by status class. */
export type ResponseRates = Record<StatusClass, number>;
