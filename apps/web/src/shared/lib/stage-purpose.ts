import type { DrainStage } from '@drainboard/contracts';

/** What each stage does, in one line. */
export const STAGE_PURPOSE: Record<DrainStage, string> = {
  trigger: 'Record who or what started the run.',
  unready: 'Readiness turns 503; keep serving while load balancers notice.',
  'close-listener': 'Stop accepting new connections on the traffic port.',
  'drain-requests': 'Let every request in flight finish; cut what is left at the deadline.',
  'close-realtime': 'Tell realtime clients to reconnect elsewhere and close them.',
  'app-hooks': "Run the application's shutdown hooks.",
  persist: 'Write the run to Postgres (or the spool file).',
  exit: 'Exit the process with the run’s exit code.',
};
