import {
  EDGE_SCENARIOS,
  recordFigures,
  type RequestResult,
  type ScenarioOutcome,
  SHARED_SCENARIOS,
} from '../support/index.js';

/** HTTP platforms every scenario runs on. */
export type Platform = 'express' | 'fastify';

export const ALL_SCENARIOS = { ...SHARED_SCENARIOS, ...EDGE_SCENARIOS };
export type ScenarioName = keyof typeof ALL_SCENARIOS;

/** Runs a scenario against `fixture` on `platform` and records its figures for the comparison table. */
export async function runCell(
  fixture: string,
  platform: Platform,
  name: ScenarioName,
): Promise<ScenarioOutcome> {
  const outcome = await ALL_SCENARIOS[name](fixture, { PLATFORM: platform });
  recordFigures(`${fixture}:${platform}`, name, outcome.figures);
  return outcome;
}

export const lastResponseAt = (o: ScenarioOutcome): number => Math.max(...o.results.map((r) => r.endedAt));
export const statuses = (results: RequestResult[]): Array<number | null> => results.map((r) => r.status);

/** A stop run as the library fixture prints it. */
export interface PrintedRun {
  outcome: string;
  startedAt: string;
  abortedRequests: Array<{ method: string; route: string; ageMs: number }>;
  stages: Array<{ name: string; details: Record<string, unknown> }>;
}

export const runOf = (o: ScenarioOutcome): PrintedRun => o.app.run() as unknown as PrintedRun;

export const stageDetails = (o: ScenarioOutcome, stage: string): Record<string, unknown> =>
  runOf(o).stages.find((s) => s.name === stage)?.details ?? {};

interface SocketAccount {
  openAtStart: number;
  acceptedSince: number;
  closed: Record<string, number>;
  stillOpen: { http: number; realtime: number };
  cutReasons: Record<string, number>;
}

/** The drain-requests stage's socket account, checked to add up. */
export function socketAccount(o: ScenarioOutcome): SocketAccount {
  const account = stageDetails(o, 'drain-requests').sockets as SocketAccount;
  const closed = Object.values(account.closed).reduce((a, b) => a + b, 0);
  expect(account.openAtStart + account.acceptedSince).toBe(
    closed + account.stillOpen.http + account.stillOpen.realtime,
  );
  return account;
}
