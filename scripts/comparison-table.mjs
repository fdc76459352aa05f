// Renders libs/drain/test/results/comparison.json, written by the drain library's test run (each shutdown
// scenario against the library's fixture app and against a plain NestJS app with only enableShutdownHooks()),
// as a Markdown table, and puts it in README.md between <!-- comparison:start --> and <!-- comparison:end -->.
//   node scripts/comparison-table.mjs           update README.md
//   node scripts/comparison-table.mjs --print   print the table only
// File shape: { [fixture]: { [scenario]: { completed, failed, exitCode, exitSignal, msFromSignalToExit, notes? } } }
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(root, 'libs/drain/test/results/comparison.json');
const README = join(root, 'README.md');
const START = '<!-- comparison:start -->';
const END = '<!-- comparison:end -->';

/** Column headings of the known fixtures; others show their own name. */
const FIXTURES = { 'drain-app': '@drainboard/drain', 'plain-nest': 'plain NestJS `enableShutdownHooks()`' };
/** Row headings of the known scenarios; others show their own name. */
const SCENARIOS = {
  'in-flight-async': 'SIGTERM with async requests in flight',
  'blocking-request': 'SIGTERM during a CPU-blocking request',
  'idle-keep-alive': 'SIGTERM with idle keep-alive sockets',
  'keep-alive-closed-loop': 'SIGTERM under a closed loop of keep-alive clients',
  'past-deadline': 'Requests longer than the deadline',
  streaming: 'SIGTERM during streaming responses',
  'bad-hooks': 'A throwing and a hanging shutdown hook',
};

/** One cell: requests completed/failed, how the process ended, and when. */
export function cell(figures) {
  if (!figures) return '–';
  const total = figures.completed + figures.failed;
  const requests = total === 0 ? 'no requests' : `${figures.completed}/${total} completed`;
  const ended = figures.exitSignal ? `killed by ${figures.exitSignal}` : `exit ${figures.exitCode ?? '?'}`;
  const after =
    figures.msFromSignalToExit === null ? '' : ` after ${Math.round(figures.msFromSignalToExit)} ms`;
  const notes = notesText(figures.notes);
  return `${requests}; ${ended}${after}${notes ? `; ${notes}` : ''}`;
}

/** Notes are free text or a JSON object of error counts (`{"ECONNRESET":33}`); `{}` means nothing to say. */
function notesText(notes) {
  if (!notes) return '';
  try {
    const parsed = JSON.parse(notes);
    if (parsed && typeof parsed === 'object') {
      return Object.entries(parsed)
        .map(([key, value]) => `${value} × ${key}`)
        .join(', ');
    }
  } catch {
    // plain text
  }
  return notes;
}

const escape = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The results as a Markdown table: one row per scenario, one column per fixture. */
export function renderTable(results) {
  const fixtures = Object.keys(results);
  if (fixtures.length === 0) throw new Error('comparison.json has no results');
  const known = Object.keys(FIXTURES).filter((f) => fixtures.includes(f));
  const columns = [...known, ...fixtures.filter((f) => !known.includes(f))];
  const scenarios = [...new Set(columns.flatMap((fixture) => Object.keys(results[fixture])))];
  const header = ['Scenario', ...columns.map((fixture) => FIXTURES[fixture] ?? fixture)];
  const rows = scenarios.map((scenario) => [
    SCENARIOS[scenario] ?? scenario,
    ...columns.map((fixture) => cell(results[fixture][scenario])),
  ]);
  const lines = [header, header.map(() => '---'), ...rows].map((row) => `| ${row.map(escape).join(' | ')} |`);
  return `${lines.join('\n')}\n\n_From the drain library's e2e run (\`libs/drain/test/shutdown-scenarios.e2e-spec.ts\`, real child processes and signals); regenerate with \`node scripts/comparison-table.mjs\`._`;
}

/** `readme` with the text between the markers replaced by `table`. */
export function replaceSection(readme, table) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1 || end < start) throw new Error(`README.md needs ${START} ... ${END}`);
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const table = renderTable(JSON.parse(readFileSync(RESULTS, 'utf8')));
  if (process.argv.includes('--print')) {
    console.log(table);
  } else {
    writeFileSync(README, replaceSection(readFileSync(README, 'utf8'), table));
    console.log('README.md: comparison table updated');
  }
}
