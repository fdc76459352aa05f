import type { FleetInstance, FleetStatus } from '@drainboard/contracts';

import { commandsFor, mergeStatuses } from './fleet-view.js';

const instance = (id: string, state: FleetInstance['state'], lastHeartbeatAt: string): FleetInstance => ({
  id,
  host: 'h',
  pid: 1,
  version: '0.1.0',
  trafficUrl: null,
  adminUrl: null,
  state,
  inFlight: 1,
  openConnections: 1,
  startedAt: '2026-01-01T00:00:00.000Z',
  lastHeartbeatAt,
  heartbeatAgeMs: 0,
  stoppedAt: null,
  lostAt: null,
});
const status = (instanceId: string, at: string): FleetStatus => ({
  instanceId,
  state: 'draining',
  inFlight: 9,
  openConnections: 4,
  at,
});

describe('mergeStatuses', () => {
  it('takes the live state and load of an instance when newer than its heartbeat', () => {
    const rows = mergeStatuses(
      [instance('a', 'serving', '2026-01-01T00:00:01.000Z')],
      new Map([['a', status('a', '2026-01-01T00:00:02.000Z')]]),
    );
    expect(rows[0]).toMatchObject({ state: 'draining', inFlight: 9, openConnections: 4, live: true });
  });

  it('keeps the registry for an older status and for a lost instance', () => {
    const rows = mergeStatuses(
      [
        instance('a', 'serving', '2026-01-01T00:00:03.000Z'),
        instance('b', 'lost', '2026-01-01T00:00:00.000Z'),
      ],
      new Map([
        ['a', status('a', '2026-01-01T00:00:02.000Z')],
        ['b', status('b', '2026-01-01T00:00:05.000Z')],
      ]),
    );
    expect(rows.map((r) => [r.state, r.live])).toEqual([
      ['serving', false],
      ['lost', false],
    ]);
  });
});

describe('commandsFor', () => {
  it('offers drain to a serving instance, resume to a drained one, nothing to a lost one', () => {
    expect(commandsFor('serving')).toEqual({ drain: true, resume: false, stop: true });
    expect(commandsFor('drained')).toEqual({ drain: false, resume: true, stop: true });
    expect(commandsFor('lost')).toEqual({ drain: false, resume: false, stop: false });
  });
});
