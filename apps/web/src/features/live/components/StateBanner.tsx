import type { InstanceState } from '@drainboard/contracts';

interface StateBannerProps {
  state: InstanceState | null;
  instanceId: string | null;
  connected: boolean;
  problem: string | null;
  bye: boolean;
}

const DESCRIPTION: Record<InstanceState, string> = {
  serving: 'Accepting and serving traffic.',
  draining: 'Finishing in-flight requests; new connections are refused.',
  drained: 'Traffic port closed; the process stays up until resumed or stopped.',
  stopping: 'Draining, then running shutdown hooks and exiting.',
};

/** The instance's state in large type, with the live feed's connection status. */
export function StateBanner({ state, instanceId, connected, problem, bye }: StateBannerProps) {
  const label = state ?? 'unknown';
  return (
    <section className={`state-banner state-${label}`} aria-live="polite">
      <div>
        <span className="state-label" data-testid="state-banner">
          {label}
        </span>
        <span className="instance">{instanceId ?? '…'}</span>
      </div>
      <p>{state ? DESCRIPTION[state] : 'Waiting for the live feed…'}</p>
      <p className={connected ? 'feed ok' : 'feed down'} role={connected ? undefined : 'status'}>
        {connected
          ? 'Live feed connected'
          : bye
            ? 'The process exited; reconnecting to the next one…'
            : (problem ?? 'Connecting to the live feed…')}
      </p>
    </section>
  );
}
