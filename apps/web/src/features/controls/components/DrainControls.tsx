import { useEffect, useState } from 'react';

import type { InstanceState } from '@drainboard/contracts';
import type { ApiClient } from '@web/api/client.js';

import { useDrainActions } from '../hooks/useDrainActions.js';
import { availableActions, type DrainAction } from '../lib/available-actions.js';
import { ConfirmDialog } from './ConfirmDialog.js';

interface DrainControlsProps {
  client: ApiClient;
  state: InstanceState | null;
  instanceId: string | null;
  onUnauthorized(message: string): void;
}

const ACTIONS: DrainAction[] = ['drain', 'resume', 'stop'];
const LABEL: Record<DrainAction, string> = { drain: 'Drain', resume: 'Resume', stop: 'Stop' };

/** Drain / Resume / Stop buttons; each asks for confirmation first (Stop is destructive). */
export function DrainControls({ client, state, instanceId, onUnauthorized }: DrainControlsProps) {
  const { run, pending, error, clearError } = useDrainActions(client, onUnauthorized);
  const [confirming, setConfirming] = useState<DrainAction | null>(null);
  const allowed = availableActions(state);
  // An error is about the state it happened in: once the state moves on, it no longer applies.
  useEffect(() => clearError(), [state, clearError]);
  return (
    <section className="card controls" aria-labelledby="controls-title">
      <h2 id="controls-title">Controls</h2>
      <div className="actions">
        {ACTIONS.map((action) => (
          <button
            key={action}
            type="button"
            className={`action-${action}${action === 'stop' ? ' danger' : ''}`}
            disabled={!allowed.has(action) || pending !== null}
            onClick={() => setConfirming(action)}
          >
            {pending === action ? `${LABEL[action]}…` : LABEL[action]}
          </button>
        ))}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          action={confirming}
          client={client}
          instanceId={instanceId}
          onCancel={() => setConfirming(null)}
          onConfirm={(body) => {
            setConfirming(null);
            void run(confirming, body);
          }}
        />
      )}
    </section>
  );
}
