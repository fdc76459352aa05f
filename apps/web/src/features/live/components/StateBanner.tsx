import type { InstanceState } from '@drainboard/contracts';
import { formatClock } from '@web/shared/lib/format.js';
import { routeHash } from '@web/shared/lib/route.js';

import type { LiveView, ProcessExit } from '../lib/live-view.js';

interface StateBannerProps {
  view: LiveView;
  connected: boolean;
  problem: string | null;
}

const DESCRIPTION: Record<InstanceState, string> = {
  serving: 'Accepting and serving traffic.',
  draining: 'Finishing in-flight requests; new connections are refused.',
  drained: 'Traffic port closed; the process stays up until resumed or stopped.',
  stopping: 'Draining, then running shutdown hooks and exiting.',
};

/** The label the banner and the page title show. */
export function bannerLabel(view: LiveView): string {
  if (view.phase === 'exited') {
    return 'exited';
  }
  if (view.phase === 'lost') {
    return 'unreachable';
  }
  return view.state ?? 'connecting';
}

function exitSentence(exit: ProcessExit): string {
  const who = exit.instanceId ?? 'The process';
  if (!exit.saidBye) {
    return `Lost the connection to ${who} at ${formatClock(exit.at)} without a goodbye: it crashed, was killed, or the network failed.`;
  }
  const code = exit.code === null ? '' : ` with code ${exit.code}`;
  return `${who} exited${code} at ${formatClock(exit.at)}.`;
}

function ExitLine({ exit, previous }: { exit: ProcessExit; previous: boolean }) {
  return (
    <p data-testid={previous ? 'previous-exit' : 'exit-line'}>
      {previous ? 'Previous process: ' : ''}
      {exitSentence(exit)}{' '}
      {exit.run && <a href={routeHash({ page: 'history', runId: exit.run.id })}>See its final run</a>}
    </p>
  );
}

/** The instance's state in large type; after an exit, how it ended and that the console looks for the next one. */
export function StateBanner({ view, connected, problem }: StateBannerProps) {
  const label = bannerLabel(view);
  const gone = view.phase === 'exited' || view.phase === 'lost';
  return (
    <section className={`state-banner state-${label}`} aria-label="Instance state">
      <div className="state-row">
        <span className="state-label" data-testid="state-banner" aria-live="polite">
          {label}
        </span>
        <span className="instance mono">{view.instanceId ?? '…'}</span>
      </div>
      {gone && view.exit ? (
        <ExitLine exit={view.exit} previous={false} />
      ) : (
        <p>{view.state ? DESCRIPTION[view.state] : 'Waiting for the live feed…'}</p>
      )}
      {!gone && view.exit && view.exit.instanceId !== view.instanceId && (
        <ExitLine exit={view.exit} previous />
      )}
      <p className={connected ? 'feed ok' : 'feed down'} role="status">
        {connected
          ? 'Live feed connected'
          : gone
            ? 'Waiting for the next process on this address; the console reconnects by itself…'
            : (problem ?? 'Connecting to the live feed…')}
      </p>
    </section>
  );
}
