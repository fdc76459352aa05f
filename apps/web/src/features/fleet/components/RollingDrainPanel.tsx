import { useState } from 'react';

import type { RollingDrain, RollingDrainBody, RollingDrainMode } from '@drainboard/contracts';
import { formatTimestamp } from '@web/shared/lib/format.js';

interface RollingDrainPanelProps {
  rolling: RollingDrain | null;
  busy: boolean;
  onStart(body: RollingDrainBody): void;
  onCancel(): void;
}

/** Starts a rolling drain (one instance at a time), shows its progress live, cancels it. */
export function RollingDrainPanel({ rolling, busy, onStart, onCancel }: RollingDrainPanelProps) {
  const [mode, setMode] = useState<RollingDrainMode>('resume');
  const [deadline, setDeadline] = useState('');
  const running = rolling?.status === 'running';
  const deadlineMs = Number.parseInt(deadline, 10);
  return (
    <section className="card" aria-labelledby="rolling-title">
      <div className="card-head">
        <h2 id="rolling-title">Rolling drain</h2>
      </div>
      <form
        className="fleet-rolling-form"
        onSubmit={(event) => {
          event.preventDefault();
          onStart({ mode, ...(Number.isInteger(deadlineMs) && deadlineMs > 0 ? { deadlineMs } : {}) });
        }}
      >
        <label>
          Mode{' '}
          <select value={mode} onChange={(event) => setMode(event.target.value as RollingDrainMode)}>
            <option value="resume">drain, then resume each</option>
            <option value="stop">stop each (the orchestrator replaces it)</option>
          </select>
        </label>
        <label>
          Deadline per instance (ms){' '}
          <input
            inputMode="numeric"
            value={deadline}
            placeholder="default"
            onChange={(e) => setDeadline(e.target.value)}
          />
        </label>
        <button type="submit" className="primary" disabled={busy || running}>
          Start rolling drain
        </button>
        <button type="button" disabled={busy || !running} onClick={onCancel}>
          Cancel
        </button>
      </form>
      {rolling ? (
        <div aria-live="polite">
          <p>
            <strong>{rolling.status}</strong> ({rolling.mode}) coordinated by{' '}
            <span className="mono">{rolling.coordinatorId}</span>, started{' '}
            {formatTimestamp(rolling.startedAt)}
            {rolling.message ? ` — ${rolling.message}` : ''}
          </p>
          <ol className="fleet-steps">
            {rolling.steps.map((step) => (
              <li key={step.instanceId} data-step-status={step.status}>
                <span className="mono">{step.instanceId}</span>: {step.status}
                {step.message ? <span className="muted"> — {step.message}</span> : null}
              </li>
            ))}
          </ol>
        </div>
      ) : (
        <p className="muted">No rolling drain has run yet.</p>
      )}
    </section>
  );
}
