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

/** A request cut off at the drain deadline. */
export interface AbortedRequest {
  method: string;
  route: string;
  ageMs: number;
  bytesSent: number;
}
