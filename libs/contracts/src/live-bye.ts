/** Sent right before the server closes every live connection (process exit). */
export interface LiveBye {
  reason: string;
  at: string;
}
