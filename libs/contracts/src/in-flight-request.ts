/** A request being served on the traffic port. */
export interface InFlightRequest {
  id: string;
  method: string;
  /** Route pattern once routed (`/demo/slow`), else the path without its query. */
  route: string;
  /** ISO-8601 start time. */
  startedAt: string;
  bytesWritten: number;
}

/** How a request of a run ended badly: cut off at the deadline, or answered 5xx after its AbortSignal fired. */
export const ABORTED_REQUEST_KINDS = ['aborted', 'gave-up'] as const;
export type AbortedRequestKind = (typeof ABORTED_REQUEST_KINDS)[number];

/** A request cut off at the drain deadline, or one whose handler gave up (5xx after its AbortSignal fired). */
export interface AbortedRequest {
  method: string;
  route: string;
  ageMs: number;
  bytesSent: number;
  /** `aborted` (cut off) unless the handler gave up. Absent in runs recorded before it existed. */
  kind?: AbortedRequestKind;
  /** Status code of the response a handler gave up with; absent for a cut-off request. */
  statusCode?: number;
}
