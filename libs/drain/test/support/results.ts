import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Figures of one scenario against one server set-up. */
export interface ScenarioFigures {
  completed: number;
  failed: number;
  exitCode: number | null;
  exitSignal: string | null;
  msFromSignalToExit: number | null;
  notes?: string;
}

/** libs/drain/test/results/comparison.json: { [fixture]: { [scenario]: figures } }. */
export const COMPARISON_FILE = path.join(__dirname, '..', 'results', 'comparison.json');

/** Merges one scenario's figures into the comparison file. */
export function recordFigures(
  fixture: string,
  scenario: string,
  figures: ScenarioFigures,
  file = COMPARISON_FILE,
): void {
  mkdirSync(path.dirname(file), { recursive: true });
  let all: Record<string, Record<string, ScenarioFigures>> = {};
  try {
    all = JSON.parse(readFileSync(file, 'utf8')) as typeof all;
  } catch {
    all = {};
  }
  all[fixture] = { ...(all[fixture] ?? {}), [scenario]: figures };
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
}
